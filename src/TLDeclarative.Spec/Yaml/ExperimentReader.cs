using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Schema;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>Maps the YAML tree of one spec onto <see cref="ExperimentSpec"/>; keys are the documented spec keys.</summary>
    internal sealed class ExperimentReader
    {
        public const int DefaultSeed = 42;
        public const int DefaultBatchSize = 32;

        // Closed value sets come from the schema, in the order messages list them.
        private static readonly Dictionary<string, PoolingKind> Poolings = SpecSchema.EnumOf<PoolingKind>(SpecSchema.Head.Property("pooling").Values);

        private static readonly Dictionary<string, ActivationKind> Activations = SpecSchema.EnumOf<ActivationKind>(SpecSchema.DenseLayer.Property("activation").Values);

        private static readonly Dictionary<string, FillModeKind> FillModes = SpecSchema.EnumOf<FillModeKind>(SpecSchema.Augmentation.Property("fill_mode").Values);

        private static readonly Dictionary<string, FreezeKind> FreezeWords = SpecSchema.EnumOf<FreezeKind>(SpecSchema.FreezeWords.Values);

        private static readonly Dictionary<string, BatchNormMode> BatchNormModes = SpecSchema.EnumOf<BatchNormMode>(SpecSchema.Phase.Property("batch_norm").Values);

        private static readonly Dictionary<string, OptimizerKind> Optimizers = SpecSchema.EnumOf<OptimizerKind>(SpecSchema.Optimizer.Keys);

        private static readonly Dictionary<string, ScheduleKind> ScheduleWords = SpecSchema.EnumOf<ScheduleKind>(SpecSchema.ScheduleWords.Values);

        private static readonly Dictionary<string, ScheduleKind> Schedules = SpecSchema.EnumOf<ScheduleKind>(SpecSchema.ScheduleSettings.Keys);

        private static readonly Dictionary<string, int> Monitors = new Dictionary<string, int> { ["val_loss"] = 0 };

        private static readonly Dictionary<string, MonitorKind> Metrics = SpecSchema.EnumOf<MonitorKind>(SpecSchema.MonitorValues);

        private static readonly Dictionary<string, SamplerMode> Samplers = SpecSchema.EnumOf<SamplerMode>(SpecSchema.Data.Property("sampler").Values);

        private static readonly Dictionary<string, CorruptFilesMode> CorruptFilePolicies = SpecSchema.EnumOf<CorruptFilesMode>(SpecSchema.Data.Property("corrupt_files").Values);

        private static readonly Dictionary<string, bool> AutoWord = new Dictionary<string, bool> { ["auto"] = true };

        private static readonly Dictionary<string, ColorOrderKind> ColorOrders = SpecSchema.EnumOf<ColorOrderKind>(SpecSchema.Preprocessing.Property("color_order").Values);

        private static readonly Dictionary<string, FeatureCacheKind> FeatureCacheModes = SpecSchema.EnumOf<FeatureCacheKind>(SpecSchema.FeatureCacheWords.Values);

        // Keys only an ONNX backbone takes; with a catalogue name they are an error.
        private static readonly string[] OnnxOnlyKeys = { "cut", "preprocessing", "stages" };

        private readonly NodeReader _r;

        // Set once the backbone is read: lr_mult then takes the spec's own stage names.
        private bool _onnxBackbone;

        public ExperimentReader(NodeReader reader) => _r = reader;

        public ExperimentSpec? Read(YamlNode root)
        {
            var top = _r.Mapping(root, string.Empty, SpecSchema.Root.Label, SpecSchema.Root.Keys);
            if (top is null)
                return null;

            var name = Get(top.Required("experiment"), n => _r.String(n, "experiment"));
            var seed = GetValue(top.Optional("seed"), n => _r.Integer(n, "seed")) ?? DefaultSeed;
            var classes = ReadClasses(top.Required("classes"));
            var data = ReadData(_r.Mapping(top.Required("data"), "data", SpecSchema.Data.Label, SpecSchema.Data.Keys));
            var backbone = ReadBackbone(_r.Mapping(top.Required("backbone"), "backbone", SpecSchema.Backbone.Label, SpecSchema.Backbone.Keys));
            _onnxBackbone = backbone?.Onnx is not null;
            var head = top.Optional("head") is { } headNode
                ? ReadHead(_r.Mapping(headNode, "head", SpecSchema.Head.Label, SpecSchema.Head.Keys))
                : new HeadSpec(PoolingKind.GlobalAverage, default);
            var augmentation = top.Optional("augmentation") is { } augmentationNode
                ? ReadAugmentation(augmentationNode)
                : AugmentationSpec.None;
            var phases = ReadPhases(top.Required("phases"));
            var output = Get(top.Optional("output"), n => _r.String(n, "output"));
            var featureCacheNode = top.Optional("feature_cache");
            var featureCache = featureCacheNode is null ? FeatureCacheSpec.Auto : ReadFeatureCache(featureCacheNode);
            var checkpointsNode = top.Optional("checkpoints");
            var checkpoints = checkpointsNode is null ? MonitorKind.ValLoss : ReadCheckpoints(checkpointsNode);
            var evaluationNode = top.Optional("evaluation");
            var evaluation = evaluationNode is null ? EvaluationSpec.Default : ReadEvaluation(evaluationNode);

            if (name is null || classes is null || data is null || backbone is null || head is null || augmentation is null || phases is null
                || featureCache is null || checkpoints is null || evaluation is null)
                return null;
            return new ExperimentSpec(name, seed, classes.Value, data, backbone, head, augmentation, phases.Value, output ?? "artifacts/" + name)
            {
                FeatureCache = featureCache,
                CheckpointMonitor = checkpoints.Value,
                Evaluation = evaluation,
            };
        }

        // feature_cache: auto | off | { mode: auto, views: 4 }
        private FeatureCacheSpec? ReadFeatureCache(YamlNode node)
        {
            if (node is YamlScalarNode)
                return _r.Choice(node, "feature_cache", "feature cache mode", FeatureCacheModes) is { } word ? new FeatureCacheSpec(word) : null;
            var cache = _r.Mapping(node, "feature_cache", SpecSchema.FeatureCacheSettings.Label, SpecSchema.FeatureCacheSettings.Keys);
            if (cache is null)
                return null;
            var mode = GetValue(cache.Optional("mode"), n => _r.Choice(n, "feature_cache.mode", "feature cache mode", FeatureCacheModes));
            var views = GetValue(cache.Optional("views"), n => _r.Integer(n, "feature_cache.views"));
            if ((cache.Optional("mode") is not null && mode is null) || (cache.Optional("views") is not null && views is null))
                return null;
            return new FeatureCacheSpec(mode ?? FeatureCacheKind.Auto, views ?? 1);
        }

        // checkpoints: { monitor: val_accuracy }
        private MonitorKind? ReadCheckpoints(YamlNode node)
        {
            var checkpoints = _r.Mapping(node, "checkpoints", "checkpoints", "monitor");
            if (checkpoints is null)
                return null;
            return checkpoints.Optional("monitor") is { } monitor
                ? _r.Choice(monitor, "checkpoints.monitor", "monitored metric", Metrics)
                : MonitorKind.ValLoss;
        }

        // evaluation: { top_k: 5, tta: true }
        private EvaluationSpec? ReadEvaluation(YamlNode node)
        {
            var evaluation = _r.Mapping(node, "evaluation", "evaluation", "top_k", "tta");
            if (evaluation is null)
                return null;
            var topK = GetValue(evaluation.Optional("top_k"), n => _r.Integer(n, "evaluation.top_k"));
            var tta = GetValue(evaluation.Optional("tta"), n => _r.Boolean(n, "evaluation.tta"));
            if ((evaluation.Optional("top_k") is not null && topK is null) || (evaluation.Optional("tta") is not null && tta is null))
                return null;
            return new EvaluationSpec(topK ?? 1, tta ?? false);
        }

        private EquatableArray<string>? ReadClasses(YamlNode? node)
        {
            if (node is null || _r.Sequence(node, "classes", "a list of class names") is not { } sequence)
                return null;
            var names = sequence.Children.Select((child, i) => _r.String(child, "classes[" + i + "]")).ToList();
            return names.Any(n => n is null) ? null : new EquatableArray<string>(names.Select(n => n!));
        }

        private DataSpec? ReadData(MappingScope? data)
        {
            if (data is null)
                return null;
            var train = Get(data.Required("train"), n => _r.String(n, "data.train"));
            var oneValidation = data.ExactlyOneOf("validation", "validation_split", "validate on a folder or list file, or hold out a fraction of the training images");
            var validationNode = data.Optional("validation");
            var validation = Get(validationNode, n => _r.String(n, "data.validation"));
            var splitNode = data.Optional("validation_split");
            var split = GetValue(splitNode, n => _r.Number(n, "data.validation_split"));
            var test = Get(data.Optional("test"), n => _r.String(n, "data.test"));
            var size = ReadImageSize(data.Required("image_size"));
            var batch = GetValue(data.Optional("batch_size"), n => _r.Integer(n, "data.batch_size")) ?? DefaultBatchSize;
            var weightsNode = data.Optional("class_weights");
            var weights = weightsNode is null ? null : ReadClassWeights(weightsNode);
            var sampler = GetValue(data.Optional("sampler"), n => _r.Choice(n, "data.sampler", "sampler", Samplers));
            var corrupt = GetValue(data.Optional("corrupt_files"), n => _r.Choice(n, "data.corrupt_files", "corrupt file policy", CorruptFilePolicies));
            if (train is null || !oneValidation || (validationNode is not null && validation is null) || (splitNode is not null && split is null) || size is null
                || (weightsNode is not null && weights is null)
                || (data.Optional("sampler") is not null && sampler is null) || (data.Optional("corrupt_files") is not null && corrupt is null))
                return null;
            return new DataSpec(train, validation ?? string.Empty, test, size.Value.Height, size.Value.Width, batch)
            {
                ValidationSplit = split ?? 0,
                ClassWeights = weights,
                Sampler = sampler ?? SamplerMode.Shuffle,
                CorruptFiles = corrupt ?? CorruptFilesMode.Fail,
            };
        }

        // class_weights: auto | { cats: 1.0, dogs: 2.5 }; the validator matches the keys with the classes.
        private ClassWeightsSpec? ReadClassWeights(YamlNode node)
        {
            const string path = "data.class_weights";
            if (node is YamlScalarNode)
                return _r.Choice(node, path, "class_weights", AutoWord) is null ? null : ClassWeightsSpec.Automatic;
            var keys = KeysOf(node);
            var mapping = _r.Mapping(node, path, "class_weights", keys);
            if (mapping is null)
                return null;
            var weights = new List<ClassWeightSpec>();
            foreach (var key in keys)
            {
                if (_r.Number(mapping.Optional(key)!, mapping.Child(key)) is not { } weight)
                    return null;
                weights.Add(new ClassWeightSpec(key, weight));
            }

            return new ClassWeightsSpec(false, new EquatableArray<ClassWeightSpec>(weights));
        }

        // image_size: 150 (square) or [height, width], like Keras' target_size.
        private (int Height, int Width)? ReadImageSize(YamlNode? node)
        {
            const string path = "data.image_size";
            if (node is null)
                return null;
            if (node is YamlScalarNode)
                return _r.Integer(node, path) is { } side ? (side, side) : ((int, int)?)null;
            if (_r.Sequence(node, path, "an integer or a list [height, width]") is not { } sequence)
                return null;
            if (sequence.Children.Count != 2)
            {
                _r.Report(DiagnosticCatalog.WrongType.At(_r.Span(node), path, "a list [height, width]", "a list of " + sequence.Children.Count));
                return null;
            }

            var height = _r.Integer(sequence.Children[0], path + "[0]");
            var width = _r.Integer(sequence.Children[1], path + "[1]");
            return height is null || width is null ? ((int, int)?)null : (height.Value, width.Value);
        }

        private BackboneSpec? ReadBackbone(MappingScope? backbone)
        {
            if (backbone is null)
                return null;
            if (!backbone.ExactlyOneOf("name", "onnx", "a backbone is a catalogue network (name) or an ONNX file (onnx)"))
                return null;
            var weightsNode = backbone.Optional("weights");
            if (weightsNode is YamlMappingNode)
                return ReadCustomWeights(backbone, weightsNode);
            var weights = Get(weightsNode, n => _r.String(n, "backbone.weights"));
            if (weightsNode is not null && weights is null)
                return null;
            if (backbone.Optional("onnx") is { } onnxNode)
                return ReadOnnxBackbone(backbone, onnxNode, weights ?? SpecSchema.OnnxFileWeights);

            var name = Get(backbone.Optional("name"), n => _r.String(n, "backbone.name"));
            var complete = true;
            foreach (var key in OnnxOnlyKeys.Where(k => backbone.Optional(k) is not null))
            {
                _r.Report(DiagnosticCatalog.ConflictingKeys.At(_r.Span(backbone.Optional(key)!), "name", key, "backbone", key + " is for ONNX backbones (onnx: file.onnx)"));
                complete = false;
            }

            return name is null || !complete ? null : new BackboneSpec(name, weights ?? "imagenet");
        }

        // weights: { url: https://.../file.pth, sha256: <64 hex> } on a catalogue backbone; the validator checks both values.
        private BackboneSpec? ReadCustomWeights(MappingScope backbone, YamlNode weightsNode)
        {
            var mapping = _r.Mapping(weightsNode, "backbone.weights", "custom weights", "url", "sha256");
            var url = Get(mapping?.Required("url"), n => _r.String(n, "backbone.weights.url"));
            var sha256 = Get(mapping?.Required("sha256"), n => _r.String(n, "backbone.weights.sha256"));
            if (backbone.Optional("onnx") is { } onnxNode)
            {
                _r.Report(DiagnosticCatalog.ConflictingKeys.At(_r.Span(weightsNode), "onnx", "weights", "backbone", "weights: { url, sha256 } is for catalogue backbones (name: ...)"));
                return null;
            }

            var name = Get(backbone.Optional("name"), n => _r.String(n, "backbone.name"));
            return name is null || url is null || sha256 is null ? null : new BackboneSpec(name, url) { WeightsSha256 = sha256 };
        }

        // backbone: { onnx: models/net.onnx, cut: node, weights: file | none, preprocessing: {...}, stages: [...] }
        private BackboneSpec? ReadOnnxBackbone(MappingScope backbone, YamlNode onnxNode, string weights)
        {
            var path = _r.String(onnxNode, "backbone.onnx");
            var cutNode = backbone.Optional("cut");
            var cut = Get(cutNode, n => _r.String(n, "backbone.cut"));
            var preprocessingNode = backbone.Optional("preprocessing");
            var preprocessing = preprocessingNode is null ? null : ReadPreprocessing(preprocessingNode);
            var stagesNode = backbone.Optional("stages");
            var stages = stagesNode is null ? default(EquatableArray<OnnxStageSpec>) : ReadOnnxStages(stagesNode);
            if (path is null || (cutNode is not null && cut is null) || (preprocessingNode is not null && preprocessing is null) || stages is null)
                return null;
            // weights other than file and none are reported by the validator, at this value.
            var onnx = new OnnxBackboneSpec(path, cut, weights != "none", preprocessing, stages.Value);
            return new BackboneSpec(path, weights) { Onnx = onnx };
        }

        private PreprocessingSpec? ReadPreprocessing(YamlNode node)
        {
            const string path = "backbone.preprocessing";
            var p = _r.Mapping(node, path, SpecSchema.Preprocessing.Label, SpecSchema.Preprocessing.Keys);
            if (p is null)
                return null;
            var d = PreprocessingSpec.ImageNet;
            var order = GetValue(p.Optional("color_order"), n => _r.Choice(n, path + ".color_order", "color order", ColorOrders));
            var scale = GetValue(p.Optional("scale"), n => _r.Number(n, path + ".scale"));
            var mean = p.Optional("mean") is { } meanNode ? ReadNumbers(meanNode, path + ".mean", 3, "a list of 3 numbers, one per channel") : d.Mean;
            var std = p.Optional("std") is { } stdNode ? ReadNumbers(stdNode, path + ".std", 3, "a list of 3 numbers, one per channel") : d.Std;
            if ((p.Optional("color_order") is not null && order is null) || (p.Optional("scale") is not null && scale is null) || mean is null || std is null)
                return null;
            return new PreprocessingSpec(order ?? d.ColorOrder, scale ?? d.Scale, mean.Value, std.Value);
        }

        private EquatableArray<OnnxStageSpec>? ReadOnnxStages(YamlNode node)
        {
            if (_r.Sequence(node, "backbone.stages", "a list of stages { name, last_node }") is not { } sequence)
                return null;
            var stages = new List<OnnxStageSpec>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var path = "backbone.stages[" + i + "]";
                var stage = _r.Mapping(sequence.Children[i], path, SpecSchema.OnnxStage.Label, SpecSchema.OnnxStage.Keys);
                if (stage is null)
                    return null;
                var name = Get(stage.Required("name"), n => _r.String(n, path + ".name"));
                var last = Get(stage.Required("last_node"), n => _r.String(n, path + ".last_node"));
                if (name is null || last is null)
                    return null;
                stages.Add(new OnnxStageSpec(name, last));
            }

            return new EquatableArray<OnnxStageSpec>(stages);
        }

        // A list of exactly `count` numbers: mean: [0.485, 0.456, 0.406], scale: [0.08, 1.0].
        private EquatableArray<double>? ReadNumbers(YamlNode node, string path, int count, string expected)
        {
            if (_r.Sequence(node, path, expected) is not { } sequence)
                return null;
            if (sequence.Children.Count != count)
            {
                _r.Report(DiagnosticCatalog.WrongType.At(_r.Span(node), path, expected, "a list of " + sequence.Children.Count));
                return null;
            }

            var numbers = sequence.Children.Select((child, i) => _r.Number(child, path + "[" + i + "]")).ToList();
            return numbers.Any(n => n is null) ? null : new EquatableArray<double>(numbers.Select(n => n!.Value));
        }

        private HeadSpec? ReadHead(MappingScope? head)
        {
            if (head is null)
                return null;
            var pooling = GetValue(head.Optional("pooling"), n => _r.Choice(n, "head.pooling", "pooling", Poolings)) ?? PoolingKind.GlobalAverage;
            var layers = new List<HeadLayerSpec>();
            if (head.Optional("layers") is { } layersNode)
            {
                if (_r.Sequence(layersNode, "head.layers", "a list of layers") is not { } sequence)
                    return null;
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var layer = ReadHeadLayer(sequence.Children[i], "head.layers[" + i + "]");
                    if (layer is null)
                        return null;
                    layers.Add(layer);
                }
            }

            return new HeadSpec(pooling, new EquatableArray<HeadLayerSpec>(layers));
        }

        // A layer is a one-key mapping: { dropout: 0.2 } or { dense: 128 } or { dense: { units: 128, activation: relu } }.
        private HeadLayerSpec? ReadHeadLayer(YamlNode node, string path)
        {
            var layer = _r.Mapping(node, path, SpecSchema.HeadLayer.Label, SpecSchema.HeadLayer.Keys);
            if (layer is null || !ExactlyOneKey(layer, node, "dropout or dense"))
                return null;
            if (layer.Optional("dropout") is { } dropout)
                return _r.Number(dropout, layer.Child("dropout")) is { } rate
                    ? new HeadLayerSpec(HeadLayerKind.Dropout, rate, 0, ActivationKind.None)
                    : null;

            var dense = layer.Optional("dense")!;
            var densePath = layer.Child("dense");
            if (dense is YamlScalarNode)
                return _r.Integer(dense, densePath + ".units") is { } units
                    ? new HeadLayerSpec(HeadLayerKind.Dense, 0, units, ActivationKind.Relu)
                    : null;
            var settings = _r.Mapping(dense, densePath, SpecSchema.DenseLayer.Label, SpecSchema.DenseLayer.Keys);
            if (settings is null)
                return null;
            var unitCount = GetValue(settings.Required("units"), n => _r.Integer(n, densePath + ".units"));
            var activation = GetValue(settings.Optional("activation"), n => _r.Choice(n, densePath + ".activation", "activation", Activations)) ?? ActivationKind.Relu;
            return unitCount is null ? null : new HeadLayerSpec(HeadLayerKind.Dense, 0, unitCount.Value, activation);
        }

        private AugmentationSpec? ReadAugmentation(YamlNode node)
        {
            var a = _r.Mapping(node, "augmentation", SpecSchema.Augmentation.Label, SpecSchema.Augmentation.Keys);
            if (a is null)
                return null;
            var none = AugmentationSpec.None;
            var cropNode = a.Optional("random_resized_crop");
            var crop = cropNode is null ? null : ReadRandomResizedCrop(cropNode);
            if (cropNode is not null && crop is null)
                return null;
            return new AugmentationSpec(
                GetValue(a.Optional("rotation"), n => _r.Number(n, "augmentation.rotation")) ?? none.Rotation,
                GetValue(a.Optional("width_shift"), n => _r.Number(n, "augmentation.width_shift")) ?? none.WidthShift,
                GetValue(a.Optional("height_shift"), n => _r.Number(n, "augmentation.height_shift")) ?? none.HeightShift,
                GetValue(a.Optional("shear"), n => _r.Number(n, "augmentation.shear")) ?? none.Shear,
                GetValue(a.Optional("zoom"), n => _r.Number(n, "augmentation.zoom")) ?? none.Zoom,
                GetValue(a.Optional("horizontal_flip"), n => _r.Boolean(n, "augmentation.horizontal_flip")) ?? none.HorizontalFlip,
                GetValue(a.Optional("fill_mode"), n => _r.Choice(n, "augmentation.fill_mode", "fill mode", FillModes)) ?? none.FillMode)
            {
                VerticalFlip = GetValue(a.Optional("vertical_flip"), n => _r.Boolean(n, "augmentation.vertical_flip")) ?? false,
                Brightness = GetValue(a.Optional("brightness"), n => _r.Number(n, "augmentation.brightness")) ?? 0,
                Contrast = GetValue(a.Optional("contrast"), n => _r.Number(n, "augmentation.contrast")) ?? 0,
                Saturation = GetValue(a.Optional("saturation"), n => _r.Number(n, "augmentation.saturation")) ?? 0,
                Hue = GetValue(a.Optional("hue"), n => _r.Number(n, "augmentation.hue")) ?? 0,
                RandomResizedCrop = crop,
                RandomErasing = GetValue(a.Optional("random_erasing"), n => _r.Number(n, "augmentation.random_erasing")) ?? 0,
                Mixup = GetValue(a.Optional("mixup"), n => _r.Number(n, "augmentation.mixup")) ?? 0,
                CutMix = GetValue(a.Optional("cutmix"), n => _r.Number(n, "augmentation.cutmix")) ?? 0,
            };
        }

        // random_resized_crop: {} | { scale: [0.5, 1.0], ratio: [0.75, 1.333] }
        private RandomResizedCropSpec? ReadRandomResizedCrop(YamlNode node)
        {
            const string path = "augmentation.random_resized_crop";
            var crop = _r.Mapping(node, path, SpecSchema.RandomResizedCrop.Label, SpecSchema.RandomResizedCrop.Keys);
            if (crop is null)
                return null;
            var d = RandomResizedCropSpec.Default;
            var scale = crop.Optional("scale") is { } scaleNode ? ReadNumbers(scaleNode, path + ".scale", 2, "a list [min, max]") : new EquatableArray<double>(new[] { d.MinScale, d.MaxScale });
            var ratio = crop.Optional("ratio") is { } ratioNode ? ReadNumbers(ratioNode, path + ".ratio", 2, "a list [min, max]") : new EquatableArray<double>(new[] { d.MinRatio, d.MaxRatio });
            return scale is null || ratio is null ? null : new RandomResizedCropSpec(scale.Value[0], scale.Value[1], ratio.Value[0], ratio.Value[1]);
        }

        private EquatableArray<PhaseSpec>? ReadPhases(YamlNode? node)
        {
            if (node is null || _r.Sequence(node, "phases", "a list of phases") is not { } sequence)
                return null;
            var phases = new List<PhaseSpec>();
            var complete = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var phase = ReadPhase(sequence.Children[i], "phases[" + i + "]");
                complete &= phase is not null;
                if (phase is not null)
                    phases.Add(phase);
            }

            return complete ? new EquatableArray<PhaseSpec>(phases) : (EquatableArray<PhaseSpec>?)null;
        }

        private PhaseSpec? ReadPhase(YamlNode node, string path)
        {
            var phase = _r.Mapping(node, path, SpecSchema.Phase.Label, SpecSchema.Phase.Keys);
            if (phase is null)
                return null;
            var name = Get(phase.Required("name"), n => _r.String(n, phase.Child("name")));
            var freeze = ReadFreeze(phase.Required("freeze"), phase.Child("freeze"));
            var optimizer = ReadOptimizer(phase.Required("optimizer"), phase.Child("optimizer"));
            var epochs = GetValue(phase.Required("epochs"), n => _r.Integer(n, phase.Child("epochs")));
            var scheduleNode = phase.Optional("schedule");
            var schedule = scheduleNode is null ? ScheduleSpec.Constant : ReadSchedule(scheduleNode, phase.Child("schedule"));
            var clippingNode = phase.Optional("gradient_clipping");
            var clipping = clippingNode is null ? null : ReadGradientClipping(clippingNode, phase.Child("gradient_clipping"));
            var batchNorm = GetValue(phase.Optional("batch_norm"), n => _r.Choice(n, phase.Child("batch_norm"), "BatchNorm policy", BatchNormModes)) ?? BatchNormMode.Frozen;
            var multipliersNode = phase.Optional("lr_mult");
            var multipliers = multipliersNode is null ? default(EquatableArray<StageMultiplier>) : ReadMultipliers(multipliersNode, phase.Child("lr_mult"));
            var stoppingNode = phase.Optional("early_stopping");
            var stopping = stoppingNode is null ? null : ReadEarlyStopping(stoppingNode, phase.Child("early_stopping"));
            if (name is null || freeze is null || optimizer is null || epochs is null || schedule is null || (clippingNode is not null && clipping is null) || multipliers is null
                || (stoppingNode is not null && stopping is null))
                return null;
            return new PhaseSpec(name, freeze, optimizer, epochs.Value) { Schedule = schedule, GradientClipping = clipping, BatchNorm = batchNorm, LearningRateMultipliers = multipliers.Value, EarlyStopping = stopping };
        }

        // early_stopping: { monitor: val_loss, patience: 3, min_delta: 0.001, restore_best: true }
        private EarlyStoppingSpec? ReadEarlyStopping(YamlNode node, string path)
        {
            var e = _r.Mapping(node, path, SpecSchema.EarlyStopping.Label, SpecSchema.EarlyStopping.Keys);
            if (e is null)
                return null;
            var monitor = GetValue(e.Optional("monitor"), n => _r.Choice(n, path + ".monitor", "monitored metric", Metrics));
            var patience = GetValue(e.Required("patience"), n => _r.Integer(n, path + ".patience"));
            var minDelta = GetValue(e.Optional("min_delta"), n => _r.Number(n, path + ".min_delta"));
            var restore = GetValue(e.Optional("restore_best"), n => _r.Boolean(n, path + ".restore_best"));
            if ((e.Optional("monitor") is not null && monitor is null) || patience is null
                || (e.Optional("min_delta") is not null && minDelta is null) || (e.Optional("restore_best") is not null && restore is null))
                return null;
            return new EarlyStoppingSpec(monitor ?? MonitorKind.ValLoss, patience.Value, minDelta ?? 0, restore ?? true);
        }

        // schedule: cosine | { step: { step_size: 2, gamma: 0.5 } } | { cosine: { warmup_epochs: 1 } } | ...
        private ScheduleSpec? ReadSchedule(YamlNode node, string path)
        {
            if (node is YamlScalarNode)
                return _r.Choice(node, path, "schedule", ScheduleWords) is { } word ? new ScheduleSpec(word) : null;
            var schedule = _r.Mapping(node, path, SpecSchema.ScheduleSettings.Label, SpecSchema.ScheduleSettings.Keys);
            // Only unknown keys: each is reported with the nearest schedule name already.
            if (schedule is null || (!schedule.Keys.Any() && node is YamlMappingNode { Children.Count: > 0 }))
                return null;
            if (!ExactlyOneKey(schedule, node, string.Join(", ", Schedules.Keys)))
                return null;
            var kindName = schedule.Keys.Single();
            var schema = SpecSchema.ScheduleSettings.Property(kindName);
            // Settings are recorded under schedule.*, whichever schedule is named (like optimizer.*).
            var s = _r.Mapping(schedule.Optional(kindName), path, schema.Label, schema.Keys);
            if (s is null)
                return null;
            var d = new ScheduleSpec(Schedules[kindName]);
            var stepSizeNode = s.Optional("step_size");
            if (d.Kind == ScheduleKind.Step && s.Required("step_size") is null)
                return null;
            var read = d with
            {
                StepSize = GetValue(stepSizeNode, n => _r.Integer(n, path + ".step_size")) ?? d.StepSize,
                Gamma = GetValue(s.Optional("gamma"), n => _r.Number(n, path + ".gamma")) ?? d.Gamma,
                WarmupEpochs = GetValue(s.Optional("warmup_epochs"), n => _r.Integer(n, path + ".warmup_epochs")) ?? d.WarmupEpochs,
                MinLearningRate = GetValue(s.Optional("min_learning_rate"), n => _r.Number(n, path + ".min_learning_rate")) ?? d.MinLearningRate,
                WarmupFraction = GetValue(s.Optional("warmup_fraction"), n => _r.Number(n, path + ".warmup_fraction")) ?? d.WarmupFraction,
                Factor = GetValue(s.Optional("factor"), n => _r.Number(n, path + ".factor")) ?? d.Factor,
                Patience = GetValue(s.Optional("patience"), n => _r.Integer(n, path + ".patience")) ?? d.Patience,
            };
            if (s.Optional("monitor") is { } monitor && _r.Choice(monitor, path + ".monitor", "monitored value", Monitors) is null)
                return null;
            return read;
        }

        // gradient_clipping: { max_norm: 1.0 }
        private GradientClippingSpec? ReadGradientClipping(YamlNode node, string path)
        {
            var clipping = _r.Mapping(node, path, SpecSchema.GradientClipping.Label, SpecSchema.GradientClipping.Keys);
            if (clipping is null)
                return null;
            var maxNorm = GetValue(clipping.Required("max_norm"), n => _r.Number(n, path + ".max_norm"));
            return maxNorm is null ? null : new GradientClippingSpec(maxNorm.Value);
        }

        // freeze: all | none | { until: layer4 }
        private FreezeSpec? ReadFreeze(YamlNode? node, string path)
        {
            if (node is null)
                return null;
            if (node is YamlScalarNode)
                return _r.Choice(node, path, "freeze policy", FreezeWords) is { } kind
                    ? (kind == FreezeKind.All ? FreezeSpec.All : FreezeSpec.None)
                    : null;
            var freeze = _r.Mapping(node, path, SpecSchema.Freeze.Label, SpecSchema.Freeze.Keys);
            if (freeze is null || !ExactlyOneKey(freeze, node, string.Join(", ", SpecSchema.Freeze.Keys)))
                return null;
            if (freeze.Optional("train_last") is { } last)
                return _r.Integer(last, freeze.Child("train_last")) is { } count ? FreezeSpec.TrainLast(count) : null;
            if (freeze.Optional("except") is { } except)
            {
                var exceptPath = freeze.Child("except");
                if (_r.Sequence(except, exceptPath, "a list of stage or parameter globs") is not { } globs)
                    return null;
                var patterns = globs.Children.Select((child, i) => _r.String(child, exceptPath + "[" + i + "]")).ToList();
                return patterns.Any(p => p is null) ? null : FreezeSpec.Except(patterns.Select(p => p!));
            }

            var stage = Get(freeze.Optional("until"), n => _r.String(n, freeze.Child("until")));
            return stage is null ? null : new FreezeSpec(FreezeKind.Until, stage);
        }

        // lr_mult: { layer3: 0.1, layer4: 1.0 }, in the order written.
        private EquatableArray<StageMultiplier>? ReadMultipliers(YamlNode node, string path)
        {
            // An ONNX backbone's stages are named by the spec itself: any key may be one (the validator checks).
            var keys = _onnxBackbone ? KeysOf(node) : SpecSchema.LearningRateMultipliers.Keys;
            var mapping = _r.Mapping(node, path, SpecSchema.LearningRateMultipliers.Label, keys);
            if (mapping is null)
                return null;
            var multipliers = new List<StageMultiplier>();
            foreach (var stage in mapping.Keys.ToList())
            {
                if (_r.Number(mapping.Optional(stage)!, mapping.Child(stage)) is not { } multiplier)
                    return null;
                multipliers.Add(new StageMultiplier(stage, multiplier));
            }

            return new EquatableArray<StageMultiplier>(multipliers);
        }

        // optimizer: { adam: { learning_rate: 1e-4 } }
        private OptimizerSpec? ReadOptimizer(YamlNode? node, string path)
        {
            var optimizer = _r.Mapping(node, path, SpecSchema.Optimizer.Label, SpecSchema.Optimizer.Keys);
            if (optimizer is null || !ExactlyOneKey(optimizer, node!, string.Join(", ", Optimizers.Keys)))
                return null;
            var kindName = optimizer.Keys.Single();
            var kind = Optimizers[kindName];
            var schema = SpecSchema.Optimizer.Property(kindName);
            // Settings are recorded under optimizer.*, whichever optimizer is named.
            var settings = _r.Mapping(optimizer.Optional(kindName), path, schema.Label, schema.Keys);
            if (settings is null)
                return null;
            var learningRate = GetValue(settings.Required("learning_rate"), n => _r.Number(n, path + ".learning_rate"));
            var momentum = GetValue(settings.Optional("momentum"), n => _r.Number(n, path + ".momentum")) ?? 0.0;
            var weightDecay = GetValue(settings.Optional("weight_decay"), n => _r.Number(n, path + ".weight_decay"))
                ?? (kind == OptimizerKind.AdamW ? SpecSchema.AdamWDefaultWeightDecay : 0.0);
            var nesterov = GetValue(settings.Optional("nesterov"), n => _r.Boolean(n, path + ".nesterov")) ?? false;
            return learningRate is null ? null : new OptimizerSpec(kind, learningRate.Value, momentum, weightDecay, nesterov);
        }

        // The plain keys of a mapping whose keys the spec chooses (class names, ONNX stage names).
        private static string[] KeysOf(YamlNode node) => node is YamlMappingNode m
            ? m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).Where(k => k is not null).Select(k => k!).ToArray()
            : System.Array.Empty<string>();

        private bool ExactlyOneKey(MappingScope scope, YamlNode node, string choices)
        {
            var count = scope.Keys.Count();
            if (count == 1)
                return true;
            _r.Report(DiagnosticCatalog.WrongType.At(_r.Span(node), scope.Path, "a mapping with exactly one of: " + choices, "a mapping with " + count + " of them"));
            return false;
        }

        private static T? Get<T>(YamlNode? node, System.Func<YamlNode, T?> read)
            where T : class => node is null ? null : read(node);

        private static T? GetValue<T>(YamlNode? node, System.Func<YamlNode, T?> read)
            where T : struct => node is null ? null : read(node);
    }
}
