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

        private readonly NodeReader _r;

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
            var head = top.Optional("head") is { } headNode
                ? ReadHead(_r.Mapping(headNode, "head", SpecSchema.Head.Label, SpecSchema.Head.Keys))
                : new HeadSpec(PoolingKind.GlobalAverage, default);
            var augmentation = top.Optional("augmentation") is { } augmentationNode
                ? ReadAugmentation(augmentationNode)
                : AugmentationSpec.None;
            var phases = ReadPhases(top.Required("phases"));
            var output = Get(top.Optional("output"), n => _r.String(n, "output"));

            if (name is null || classes is null || data is null || backbone is null || head is null || augmentation is null || phases is null)
                return null;
            return new ExperimentSpec(name, seed, classes.Value, data, backbone, head, augmentation, phases.Value, output ?? "artifacts/" + name);
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
            var validation = Get(data.Required("validation"), n => _r.String(n, "data.validation"));
            var test = Get(data.Optional("test"), n => _r.String(n, "data.test"));
            var size = ReadImageSize(data.Required("image_size"));
            var batch = GetValue(data.Optional("batch_size"), n => _r.Integer(n, "data.batch_size")) ?? DefaultBatchSize;
            if (train is null || validation is null || size is null)
                return null;
            return new DataSpec(train, validation, test, size.Value.Height, size.Value.Width, batch);
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
            var name = Get(backbone.Required("name"), n => _r.String(n, "backbone.name"));
            var weights = Get(backbone.Optional("weights"), n => _r.String(n, "backbone.weights")) ?? "imagenet";
            return name is null ? null : new BackboneSpec(name, weights);
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
            return new AugmentationSpec(
                GetValue(a.Optional("rotation"), n => _r.Number(n, "augmentation.rotation")) ?? none.Rotation,
                GetValue(a.Optional("width_shift"), n => _r.Number(n, "augmentation.width_shift")) ?? none.WidthShift,
                GetValue(a.Optional("height_shift"), n => _r.Number(n, "augmentation.height_shift")) ?? none.HeightShift,
                GetValue(a.Optional("shear"), n => _r.Number(n, "augmentation.shear")) ?? none.Shear,
                GetValue(a.Optional("zoom"), n => _r.Number(n, "augmentation.zoom")) ?? none.Zoom,
                GetValue(a.Optional("horizontal_flip"), n => _r.Boolean(n, "augmentation.horizontal_flip")) ?? none.HorizontalFlip,
                GetValue(a.Optional("fill_mode"), n => _r.Choice(n, "augmentation.fill_mode", "fill mode", FillModes)) ?? none.FillMode);
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
            if (name is null || freeze is null || optimizer is null || epochs is null || schedule is null || (clippingNode is not null && clipping is null) || multipliers is null)
                return null;
            return new PhaseSpec(name, freeze, optimizer, epochs.Value) { Schedule = schedule, GradientClipping = clipping, BatchNorm = batchNorm, LearningRateMultipliers = multipliers.Value };
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
            var mapping = _r.Mapping(node, path, SpecSchema.LearningRateMultipliers.Label, SpecSchema.LearningRateMultipliers.Keys);
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
