using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Schema;
using TLDeclarative.Spec.Text;

namespace TLDeclarative.Spec.Planning
{
    /// <summary>
    /// What an experiment will train, worked out at build time for a reviewer to read before any
    /// training minute is spent: per phase the trainable and frozen stages, the trainable parameter
    /// count (from the built-in backbone's per-stage counts and the head's layers), the optimizer,
    /// the BatchNorm mode and the epochs. Shared by the generator (comment block, definition) and tools.
    /// </summary>
    public sealed class TrainingPlan
    {
        private TrainingPlan(ExperimentSpec spec, BackboneShape? shape, long? headParameters, IReadOnlyList<PhasePlan> phases)
        {
            Spec = spec;
            Shape = shape;
            HeadParameters = headParameters;
            Phases = phases;
        }

        public ExperimentSpec Spec { get; }

        /// <summary>The catalogue backbone; null for an ONNX backbone or when the build does not know it.</summary>
        public BuiltInBackbone? Backbone => Shape?.Entry;

        /// <summary>The backbone's stages (and, for catalogue backbones, parameter counts); null when the build does not know it.</summary>
        public BackboneShape? Shape { get; }

        /// <summary>All backbone parameters; null when the backbone is not known at build time (an ONNX file is read at run time).</summary>
        public long? BackboneParameters => Shape?.StageParameters?.Sum();

        /// <summary>Weights and biases of the head's dense layers and output layer (pooling and dropout have none).</summary>
        public long? HeadParameters { get; }

        /// <summary>Backbone plus head.</summary>
        public long? TotalParameters => BackboneParameters + HeadParameters;

        public IReadOnlyList<PhasePlan> Phases { get; }

        /// <summary>Units of the output layer: one sigmoid unit for 2 classes, one softmax unit per class above.</summary>
        public static int OutputUnits(ExperimentSpec spec) => spec.Classes.Count == 2 ? 1 : spec.Classes.Count;

        public static TrainingPlan For(ExperimentSpec spec)
        {
            var backbone = BackboneShape.Of(spec.Backbone);
            var head = backbone?.OutputChannels is { } channels ? HeadParameterCount(spec, channels) : (long?)null;
            var phases = new List<PhasePlan>();
            var firstEpoch = 1;
            for (var i = 0; i < spec.Phases.Count; i++)
            {
                var phase = spec.Phases[i];
                var lastEpoch = firstEpoch + phase.Epochs - 1;
                var frozen = backbone is null ? null : FrozenFlags(phase.Freeze, backbone.Stages);
                var trainable = new List<string>();
                var frozenStages = new List<string>();
                long? backboneTrainable = frozen is null || backbone!.StageParameters is null ? (long?)null : 0;
                for (var s = 0; frozen is not null && s < frozen.Length; s++)
                {
                    if (frozen[s])
                    {
                        frozenStages.Add(backbone!.Stages[s]);
                    }
                    else
                    {
                        trainable.Add(backbone!.Stages[s]);
                        backboneTrainable += backbone.StageParameters?[s];
                    }
                }

                phases.Add(new PhasePlan(i + 1, phase.Name, firstEpoch, lastEpoch, trainable, frozenStages, backboneTrainable, backboneTrainable + head, phase.Optimizer));
                firstEpoch = lastEpoch + 1;
            }

            return new TrainingPlan(spec, backbone, head, phases);
        }

        /// <summary>The head's parameters when its input has <paramref name="inputChannels"/> features.</summary>
        public static long HeadParameterCount(ExperimentSpec spec, int inputChannels)
        {
            long features = inputChannels;
            long total = 0;
            foreach (var layer in spec.Head.Layers.Where(l => l.Kind == HeadLayerKind.Dense))
            {
                total += (features * layer.Units) + layer.Units;
                features = layer.Units;
            }

            var outputs = OutputUnits(spec);
            return total + (features * outputs) + outputs;
        }

        /// <summary>The plan as markdown; it also reads as plain text (the generator puts it in a comment).</summary>
        public string ToMarkdown() => string.Join("\n", Lines()) + "\n";

        /// <summary>The markdown, a line at a time.</summary>
        public IEnumerable<string> Lines()
        {
            yield return "# Training plan: " + Spec.Name;
            yield return string.Empty;
            yield return "Worked out at build time from the spec, before any training.";
            yield return string.Empty;
            yield return "- Backbone: " + BackboneLine();
            yield return "- Head: " + HeadLine();
            yield return "- Input: " + Count(Spec.Data.ImageHeight) + "x" + Count(Spec.Data.ImageWidth) + " RGB images in batches of "
                + Count(Spec.Data.BatchSize) + "; " + Count(Spec.Classes.Count) + " classes (" + string.Join(", ", Spec.Classes) + ")";
            foreach (var line in DataLines(Spec.Data))
                yield return line;
            var augmentation = Augmentation(Spec.Augmentation);
            yield return "- Augmentation (training images, every phase):" + (augmentation.Count == 0 ? " none" : string.Empty);
            foreach (var transform in augmentation)
                yield return "  - " + transform;
            yield return "- Best checkpoint: " + Monitor(Spec.CheckpointMonitor) + "; the last epoch's is kept too";
            if (Spec.Evaluation != EvaluationSpec.Default)
                yield return "- Evaluation: " + EvaluationLine(Spec.Evaluation);
            if (Shape is not null)
            {
                yield return string.Empty;
                foreach (var line in StageTable(Shape))
                    yield return line;
            }

            foreach (var phase in Phases)
            {
                yield return string.Empty;
                yield return "## Phase " + Count(phase.Number) + ": " + phase.Name + " (" + Epochs(phase) + ")";
                yield return string.Empty;
                yield return "- Trainable: " + TrainableLine(phase);
                yield return "- Trainable parameters: " + ParameterLine(phase);
                yield return "- Frozen: " + FrozenLine(phase);
                var spec = Spec.Phases[phase.Number - 1];
                if (spec.Freeze.Kind is FreezeKind.Except or FreezeKind.TrainLast)
                    yield return "- Freeze policy: " + FreezeText(spec.Freeze) + (spec.Freeze.Patterns.Any(Glob.IsParameterGlob)
                        ? " (parameter globs are resolved when the run starts; counts above include the whole stages they reach)"
                        : string.Empty);
                yield return "- Optimizer: " + Optimizer(phase.Optimizer);
                foreach (var line in TrainingLines(Spec.Phases[phase.Number - 1]))
                    yield return line;
                if (spec.LearningRateMultipliers.Count > 0)
                    yield return "- Learning-rate multipliers: " + string.Join(", ", spec.LearningRateMultipliers.Select(m => m.Stage + " x" + Number(m.Multiplier))) + "; the rest and the head x1";
                if (spec.EarlyStopping is { } stopping)
                    yield return "- Early stopping: " + EarlyStoppingLine(stopping);
                yield return "- Feature cache: " + FeatureCacheLine(spec);
            }
        }

        /// <summary>
        /// Whether this phase's frozen leading stages are computed once and cached, and why. The run time
        /// applies the same rule: P = the leading frozen stages, counted only while BatchNorm is frozen
        /// (trainable BatchNorm updates running statistics, so nothing is fixed).
        /// </summary>
        public string FeatureCacheLine(PhaseSpec phase)
        {
            if (Spec.FeatureCache.Mode == FeatureCacheKind.Off)
                return "off (feature_cache: off)";
            if (Shape is null)
                return "not known at build time (unknown backbone)";
            if (phase.BatchNorm == BatchNormMode.Trainable)
                return "off: batch_norm: trainable updates the running statistics of frozen stages, so their output changes";
            var frozen = FrozenFlags(phase.Freeze, Shape.Stages);
            var leading = frozen.TakeWhile(f => f).Count();
            if (leading == 0)
                return "off: no leading backbone stage is frozen in this phase";
            var what = leading == Shape.Stages.Count ? "the whole backbone's" : Shape.Stages[leading - 1];
            var a = Spec.Augmentation;
            if (a.IsIdentity)
                return "on: " + what + " output computed once per image (exact)";
            if (a.MixesImages)
                return "off: mixup/cutmix mix images before the backbone";
            var views = Spec.FeatureCache.Views;
            if (views > 1)
                return "on: " + Count(views) + " augmented views per image cached (epoch e uses view (e-1) mod " + Count(views) + "), " + what + " output";
            return "off: augmentation changes every epoch; set feature_cache.views to cache N augmented views";
        }

        private static IEnumerable<string> DataLines(DataSpec data)
        {
            if (data.ValidationSplit > 0)
                yield return "- Validation: " + Number(data.ValidationSplit * 100) + "% of the training images held out (stratified per class, seeded)";
            if (data.ClassWeights is { } weights)
                yield return "- Class weights in the loss: " + (weights.Auto
                    ? "auto (n / (classes * count), from the training set)"
                    : string.Join(", ", weights.Weights.Select(w => w.Class + " " + Number(w.Weight))));
            if (data.Sampler == SamplerMode.Weighted)
                yield return "- Sampler: weighted (images drawn with replacement so every class is drawn equally often)";
            if (data.CorruptFiles == CorruptFilesMode.Skip)
                yield return "- Unreadable image files: skipped with a warning";
        }

        private static string EvaluationLine(EvaluationSpec evaluation)
        {
            var parts = new List<string>();
            if (evaluation.TopK > 1)
                parts.Add("top-" + Count(evaluation.TopK) + " accuracy");
            if (evaluation.TestTimeAugmentation)
                parts.Add("test-time augmentation (mean of each image's and its mirror's predictions)");
            return string.Join(", ", parts);
        }

        private static string EarlyStoppingLine(EarlyStoppingSpec stopping) =>
            "when " + MonitorName(stopping.Monitor) + " has not improved" + (stopping.MinDelta > 0 ? " by more than " + Number(stopping.MinDelta) : string.Empty)
            + " for " + Count(stopping.Patience) + (stopping.Patience == 1 ? " epoch" : " epochs")
            + (stopping.RestoreBest ? "; then back to the weights of the phase's best epoch" : "; the last epoch's weights are kept");

        /// <summary>"val_loss (lowest)", "val_accuracy (highest)".</summary>
        private static string Monitor(MonitorKind monitor) =>
            "by " + MonitorName(monitor) + (monitor is MonitorKind.ValLoss or MonitorKind.Loss ? " (lowest)" : " (highest)");

        /// <summary>The spec's word for a metric: val_loss, val_f1, accuracy.</summary>
        public static string MonitorName(MonitorKind monitor) => SpecSchema.MonitorValues[(int)monitor];

        private string BackboneLine()
        {
            if (Spec.Backbone.Onnx is { } onnx)
            {
                var own = onnx.Pretrained ? "the file's weights" : "random initial weights";
                return Spec.Backbone.Name + " (ONNX file, " + own + (onnx.Cut is null ? string.Empty : ", cut at " + onnx.Cut) + "), "
                    + "parameters not known at build time (read from the file when the run starts); stages: " + string.Join(", ", onnx.StageNames);
            }

            var weights = Spec.Backbone.Weights == "none" ? "random initial weights"
                : BuiltInBackbones.IsWeightFile(Spec.Backbone.Weights) || Spec.Backbone.WeightsSha256 is not null ? "weights from " + Spec.Backbone.Weights
                : Spec.Backbone.Weights + " weights";
            return Spec.Backbone.Name + " (" + weights + "), " + (BackboneParameters is not { } parameters
                ? "parameters not known at build time"
                : Count(parameters) + " parameters in " + Count(Shape!.Stages.Count) + " stages");
        }

        private string HeadLine()
        {
            var layers = new List<string> { Spec.Head.Pooling == PoolingKind.GlobalMax ? "global max pooling" : "global average pooling" };
            layers.AddRange(Spec.Head.Layers.Select(l => l.Kind == HeadLayerKind.Dropout
                ? "dropout " + Number(l.DropoutRate)
                : "dense " + Count(l.Units) + (l.Activation == ActivationKind.Relu ? " (relu)" : string.Empty)));
            var outputs = OutputUnits(Spec);
            layers.Add("dense " + Count(outputs) + (outputs == 1 ? " output (sigmoid)" : " outputs (softmax)"));
            return string.Join(", ", layers) + "; " + (HeadParameters is { } count ? Count(count) + " parameters" : "parameters not known at build time");
        }

        private IEnumerable<string> StageTable(BackboneShape backbone)
        {
            var header = new List<string> { "stage", "parameters" };
            header.AddRange(Phases.Select(p => p.Name));
            var rows = new List<List<string>>();
            for (var s = 0; s < backbone.Stages.Count; s++)
            {
                var row = new List<string> { backbone.Stages[s], backbone.StageParameters is { } counts ? Count(counts[s]) : "?" };
                row.AddRange(Phases.Select(p => p.FrozenStages.Contains(backbone.Stages[s]) ? "frozen" : "trains"));
                rows.Add(row);
            }

            var head = new List<string> { "head", HeadParameters is { } h ? Count(h) : "?" };
            head.AddRange(Phases.Select(_ => "trains"));
            rows.Add(head);
            var trainable = new List<string> { "trainable", string.Empty };
            trainable.AddRange(Phases.Select(p => p.TrainableParameters is { } t ? Count(t) : "?"));
            rows.Add(trainable);

            var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToList();
            yield return Row(header, widths, rightAligned: null);
            yield return "|" + string.Join("|", widths.Select((w, c) => new string('-', w + 1) + (c == 0 ? "-" : ":"))) + "|";
            foreach (var row in rows)
                yield return Row(row, widths, rightAligned: true);
        }

        // Numbers are right-aligned (the separator row says so for markdown); the first column is not.
        private static string Row(List<string> cells, List<int> widths, bool? rightAligned) =>
            "| " + string.Join(" | ", cells.Select((cell, c) => rightAligned == true && c > 0 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + " |";

        private static string TrainableLine(PhasePlan phase) => phase.TrainableStages.Count == 0
            ? "the head only"
            : string.Join(", ", phase.TrainableStages) + " and the head; BatchNorm: training";

        private string ParameterLine(PhasePlan phase)
        {
            if (phase.TrainableParameters is not { } trainable)
                return Spec.Backbone.Onnx is null ? "not known at build time" : "not known at build time (the ONNX file is read when the run starts)";
            var split = phase.TrainableStages.Count == 0
                ? "head"
                : Count(phase.TrainableBackboneParameters!.Value) + " backbone + " + Count(HeadParameters!.Value) + " head";
            return Count(trainable) + " (" + split + "), " + Percent(trainable, TotalParameters!.Value) + " of " + Count(TotalParameters!.Value);
        }

        private string FrozenLine(PhasePlan phase)
        {
            if (Shape is null)
                return "as the freeze policy says (" + FreezeText(Spec.Phases[phase.Number - 1].Freeze) + "); stages not known at build time";
            if (phase.FrozenStages.Count == 0)
                return "nothing";
            var what = phase.FrozenStages.Count == Shape.Stages.Count ? "the whole backbone (" + string.Join(", ", phase.FrozenStages) + ")" : string.Join(", ", phase.FrozenStages);
            return what + (Spec.Phases[phase.Number - 1].BatchNorm == BatchNormMode.Trainable
                ? "; BatchNorm: training (batch_norm: trainable; running statistics update, scale and shift train)"
                : "; BatchNorm: inference (frozen)");
        }

        private static string Epochs(PhasePlan phase) => phase.FirstEpoch == phase.LastEpoch
            ? "epoch " + Count(phase.FirstEpoch)
            : "epochs " + Count(phase.FirstEpoch) + "-" + Count(phase.LastEpoch);

        /// <summary>Per stage (in forward order), whether the policy leaves it wholly frozen.</summary>
        internal static bool[] FrozenFlags(FreezeSpec freeze, IReadOnlyList<string> stages)
        {
            if (freeze.Kind == FreezeKind.Except)
                return Glob.UntouchedStages(freeze.Patterns, stages);
            var firstTrainable = freeze.Kind switch
            {
                FreezeKind.All => stages.Count,
                FreezeKind.None => 0,
                FreezeKind.TrainLast => System.Math.Max(0, stages.Count - freeze.Count),
                _ => stages.ToList().IndexOf(freeze.Stage ?? string.Empty),
            };
            if (firstTrainable < 0)
                firstTrainable = stages.Count; // an unknown stage is a diagnostic; plan as if all were frozen
            return stages.Select((_, s) => s < firstTrainable).ToArray();
        }

        private static string FreezeText(FreezeSpec freeze) => freeze.Kind switch
        {
            FreezeKind.All => "all",
            FreezeKind.None => "none",
            FreezeKind.TrainLast => "train the last " + Count(freeze.Count),
            FreezeKind.Except => "all except " + string.Join(", ", freeze.Patterns),
            _ => "until " + freeze.Stage,
        };

        private static string Optimizer(OptimizerSpec optimizer)
        {
            var name = optimizer.Kind switch
            {
                OptimizerKind.Adam => "Adam",
                OptimizerKind.RmsProp => "RMSprop",
                OptimizerKind.AdamW => "AdamW",
                _ => "SGD",
            };
            var momentum = optimizer.Kind != OptimizerKind.Adam && optimizer.Kind != OptimizerKind.AdamW && optimizer.Momentum != 0
                ? ", momentum " + Number(optimizer.Momentum) + (optimizer.Nesterov ? " (Nesterov)" : string.Empty)
                : string.Empty;
            momentum += optimizer.WeightDecay != 0 ? ", weight decay " + Number(optimizer.WeightDecay) + (optimizer.Kind == OptimizerKind.AdamW ? " (decoupled)" : string.Empty) : string.Empty;
            return name + ", learning rate " + Number(optimizer.LearningRate) + momentum;
        }

        // The learning-rate schedule and gradient clipping, when the phase sets them.
        private static IEnumerable<string> TrainingLines(PhaseSpec phase)
        {
            var s = phase.Schedule;
            var rate = phase.Optimizer.LearningRate;
            switch (s.Kind)
            {
                case ScheduleKind.Step:
                    yield return "- Learning-rate schedule: step, x" + Number(s.Gamma) + " every " + Count(s.StepSize) + (s.StepSize == 1 ? " epoch" : " epochs") + ", per epoch";
                    break;
                case ScheduleKind.Cosine:
                    yield return "- Learning-rate schedule: cosine from " + Number(rate) + " to " + Number(s.MinLearningRate)
                        + (s.WarmupEpochs > 0 ? " after " + Count(s.WarmupEpochs) + " warm-up " + (s.WarmupEpochs == 1 ? "epoch" : "epochs") + " from " + Number(rate / (s.WarmupEpochs + 1)) : string.Empty)
                        + ", per epoch";
                    break;
                case ScheduleKind.OneCycle:
                    yield return "- Learning-rate schedule: one cycle, " + Number(rate / 25) + " up to " + Number(rate) + " in the first " + Number(s.WarmupFraction * 100) + "% of the steps, then down to " + Number(rate / 25 / 1e4) + ", per batch";
                    break;
                case ScheduleKind.ReduceOnPlateau:
                    yield return "- Learning-rate schedule: reduce on plateau, x" + Number(s.Factor) + " when val_loss has not improved for " + Count(s.Patience) + (s.Patience == 1 ? " epoch" : " epochs") + ", never below " + Number(s.MinLearningRate);
                    break;
            }

            if (phase.GradientClipping is { } clipping)
                yield return "- Gradient clipping: joint L2 norm at most " + Number(clipping.MaxNorm);
        }

        private static List<string> Augmentation(AugmentationSpec a)
        {
            var parts = new List<string>();
            if (a.Rotation != 0)
                parts.Add("rotation up to " + Number(a.Rotation) + " degrees");
            if (a.WidthShift != 0 || a.HeightShift != 0)
                parts.Add("shift up to " + Number(a.WidthShift * 100) + "% of the width and " + Number(a.HeightShift * 100) + "% of the height");
            if (a.Shear != 0)
                parts.Add("shear up to " + Number(a.Shear) + " degrees");
            if (a.Zoom != 0)
                parts.Add("zoom " + Number(1 - a.Zoom) + "x to " + Number(1 + a.Zoom) + "x");
            if (a.HorizontalFlip)
                parts.Add("horizontal flip");
            var geometric = parts.Count;
            if (a.VerticalFlip)
                parts.Add("vertical flip");
            if (a.RandomResizedCrop is { } crop)
                parts.Add("random resized crop, " + Number(crop.MinScale * 100) + "-" + Number(crop.MaxScale * 100) + "% of the area, aspect ratio " + Number(System.Math.Round(crop.MinRatio, 3)) + "-" + Number(System.Math.Round(crop.MaxRatio, 3)));
            var jitter = new List<string>();
            if (a.Brightness != 0)
                jitter.Add("brightness +/-" + Number(a.Brightness));
            if (a.Contrast != 0)
                jitter.Add("contrast +/-" + Number(a.Contrast));
            if (a.Saturation != 0)
                jitter.Add("saturation +/-" + Number(a.Saturation));
            if (a.Hue != 0)
                jitter.Add("hue +/-" + Number(a.Hue));
            if (jitter.Count > 0)
                parts.Add("colour jitter: " + string.Join(", ", jitter));
            if (a.RandomErasing != 0)
                parts.Add("random erasing with probability " + Number(a.RandomErasing));
            if (a.Mixup != 0)
                parts.Add("mixup, Beta(" + Number(a.Mixup) + ", " + Number(a.Mixup) + ")");
            if (a.CutMix != 0)
                parts.Add("cutmix, Beta(" + Number(a.CutMix) + ", " + Number(a.CutMix) + ")");
            if (geometric == 0)
                return parts;
            var fill = a.FillMode switch
            {
                FillModeKind.Constant => "constant (black)",
                FillModeKind.Reflect => "reflect",
                _ => "nearest",
            };
            // Right after the transforms that uncover pixels.
            parts.Insert(geometric, "uncovered pixels filled: " + fill);
            return parts;
        }

        private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Percent(long part, long whole)
        {
            var percent = whole == 0 ? 0 : 100.0 * part / whole;
            var format = percent >= 10 || percent == 0 ? "0.#" : percent >= 1 ? "0.##" : "0.###";
            return percent.ToString(format, CultureInfo.InvariantCulture) + "%";
        }

        /// <summary>Readable and exact enough for a review: 0.2, 20, 0.0001, 1e-5, 2.5e-5.</summary>
        private static string Number(double value)
        {
            var abs = System.Math.Abs(value);
            if (abs != 0 && abs < 1e-3)
                return value.ToString("0.##############e-0", CultureInfo.InvariantCulture);
            return System.Math.Round(value, 12).ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
