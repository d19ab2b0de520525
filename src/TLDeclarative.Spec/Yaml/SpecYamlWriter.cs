using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>
    /// Writes an <see cref="ExperimentSpec"/> as a canonical <c>.tl.yaml</c> text that
    /// <see cref="SpecReader"/> reads back to an equal spec: every setting spelled out, keys in the
    /// documented order, numbers in the invariant culture, strings quoted whenever a plain scalar
    /// could be misread. Used for experiments declared with attributes, whose model bundle still
    /// carries a spec.
    /// </summary>
    public static class SpecYamlWriter
    {
        public static string Write(ExperimentSpec spec)
        {
            var lines = new List<string>
            {
                "experiment: " + Text(spec.Name),
                "seed: " + Int(spec.Seed),
                "classes: [" + string.Join(", ", spec.Classes.Select(Text)) + "]",
                "data:",
                "  train: " + Text(spec.Data.Train),
                spec.Data.Validation.Length == 0
                    ? "  validation_split: " + Number(spec.Data.ValidationSplit)
                    : "  validation: " + Text(spec.Data.Validation),
            };
            if (spec.Data.Test is not null)
                lines.Add("  test: " + Text(spec.Data.Test));
            lines.Add("  image_size: [" + Int(spec.Data.ImageHeight) + ", " + Int(spec.Data.ImageWidth) + "]");
            lines.Add("  batch_size: " + Int(spec.Data.BatchSize));
            // Settings added later are written only when they differ from the default, so older specs keep their normalized text.
            if (spec.Data.ClassWeights is { } weights)
                lines.Add("  class_weights: " + (weights.Auto ? "auto" : "{ " + string.Join(", ", weights.Weights.Select(w => Text(w.Class) + ": " + Number(w.Weight))) + " }"));
            if (spec.Data.Sampler != SamplerMode.Shuffle)
                lines.Add("  sampler: weighted");
            if (spec.Data.CorruptFiles != CorruptFilesMode.Fail)
                lines.Add("  corrupt_files: skip");
            WriteBackbone(lines, spec.Backbone);
            WriteHead(lines, spec.Head);
            WriteAugmentation(lines, spec.Augmentation);
            lines.Add("phases:");
            foreach (var phase in spec.Phases)
            {
                lines.Add("  - name: " + Text(phase.Name));
                lines.Add("    freeze: " + Freeze(phase.Freeze));
                if (phase.BatchNorm != BatchNormMode.Frozen)
                    lines.Add("    batch_norm: trainable");
                if (phase.LearningRateMultipliers.Count > 0)
                    lines.Add("    lr_mult: { " + string.Join(", ", phase.LearningRateMultipliers.Select(m => Text(m.Stage) + ": " + Number(m.Multiplier))) + " }");
                lines.Add("    optimizer: " + Optimizer(phase.Optimizer));
                lines.Add("    epochs: " + Int(phase.Epochs));
                if (phase.Schedule.Kind != ScheduleKind.Constant)
                    lines.Add("    schedule: " + Schedule(phase.Schedule));
                if (phase.GradientClipping is { } clipping)
                    lines.Add("    gradient_clipping: { max_norm: " + Number(clipping.MaxNorm) + " }");
                if (phase.EarlyStopping is { } stopping)
                {
                    lines.Add("    early_stopping: { monitor: " + Monitor(stopping.Monitor) + ", patience: " + Int(stopping.Patience)
                        + ", min_delta: " + Number(stopping.MinDelta) + ", restore_best: " + Bool(stopping.RestoreBest) + " }");
                }
            }

            lines.Add("output: " + Text(spec.Output));
            if (spec.FeatureCache != FeatureCacheSpec.Auto)
                lines.Add("feature_cache: { mode: " + (spec.FeatureCache.Mode == FeatureCacheKind.Off ? "off" : "auto") + ", views: " + Int(spec.FeatureCache.Views) + " }");
            if (spec.CheckpointMonitor != MonitorKind.ValLoss)
                lines.Add("checkpoints: { monitor: " + Monitor(spec.CheckpointMonitor) + " }");
            if (spec.Evaluation != EvaluationSpec.Default)
                lines.Add("evaluation: { top_k: " + Int(spec.Evaluation.TopK) + ", tta: " + Bool(spec.Evaluation.TestTimeAugmentation) + " }");
            var builder = new StringBuilder();
            foreach (var line in lines)
                builder.Append(line).Append('\n');
            return builder.ToString();
        }

        private static void WriteBackbone(List<string> lines, BackboneSpec backbone)
        {
            lines.Add("backbone:");
            if (backbone.Onnx is not { } onnx)
            {
                lines.Add("  name: " + Text(backbone.Name));
                lines.Add(backbone.WeightsSha256 is { } sha256
                    ? "  weights: { url: " + Text(backbone.Weights) + ", sha256: " + Text(sha256) + " }"
                    : "  weights: " + Text(backbone.Weights));
                return;
            }

            lines.Add("  onnx: " + Text(onnx.Path));
            if (onnx.Cut is not null)
                lines.Add("  cut: " + Text(onnx.Cut));
            lines.Add("  weights: " + Text(backbone.Weights));
            if (onnx.Preprocessing is { } p)
            {
                lines.Add("  preprocessing: { color_order: " + (p.ColorOrder == ColorOrderKind.Bgr ? "bgr" : "rgb") + ", scale: " + Number(p.Scale)
                    + ", mean: [" + string.Join(", ", p.Mean.Select(Number)) + "], std: [" + string.Join(", ", p.Std.Select(Number)) + "] }");
            }

            if (onnx.Stages.Count > 0)
            {
                lines.Add("  stages:");
                foreach (var stage in onnx.Stages)
                    lines.Add("    - { name: " + Text(stage.Name) + ", last_node: " + Text(stage.LastNode) + " }");
            }
        }

        private static string Monitor(MonitorKind monitor) => Schema.SpecSchema.MonitorValues[(int)monitor];

        private static string Bool(bool value) => value ? "true" : "false";

        private static void WriteHead(List<string> lines, HeadSpec head)
        {
            lines.Add("head:");
            lines.Add("  pooling: " + (head.Pooling == PoolingKind.GlobalMax ? "global_max" : "global_average"));
            if (head.Layers.Count == 0)
                return;
            lines.Add("  layers:");
            foreach (var layer in head.Layers)
            {
                lines.Add(layer.Kind == HeadLayerKind.Dropout
                    ? "    - dropout: " + Number(layer.DropoutRate)
                    : "    - dense: { units: " + Int(layer.Units) + ", activation: " + (layer.Activation == ActivationKind.Relu ? "relu" : "none") + " }");
            }
        }

        private static void WriteAugmentation(List<string> lines, AugmentationSpec a)
        {
            lines.Add("augmentation:");
            lines.Add("  rotation: " + Number(a.Rotation));
            lines.Add("  width_shift: " + Number(a.WidthShift));
            lines.Add("  height_shift: " + Number(a.HeightShift));
            lines.Add("  shear: " + Number(a.Shear));
            lines.Add("  zoom: " + Number(a.Zoom));
            lines.Add("  horizontal_flip: " + (a.HorizontalFlip ? "true" : "false"));
            lines.Add("  fill_mode: " + a.FillMode switch
            {
                FillModeKind.Constant => "constant",
                FillModeKind.Reflect => "reflect",
                _ => "nearest",
            });
            if (a.VerticalFlip)
                lines.Add("  vertical_flip: true");
            AddNonZero(lines, "brightness", a.Brightness);
            AddNonZero(lines, "contrast", a.Contrast);
            AddNonZero(lines, "saturation", a.Saturation);
            AddNonZero(lines, "hue", a.Hue);
            if (a.RandomResizedCrop is { } crop)
            {
                lines.Add("  random_resized_crop: { scale: [" + Number(crop.MinScale) + ", " + Number(crop.MaxScale)
                    + "], ratio: [" + Number(crop.MinRatio) + ", " + Number(crop.MaxRatio) + "] }");
            }

            AddNonZero(lines, "random_erasing", a.RandomErasing);
            AddNonZero(lines, "mixup", a.Mixup);
            AddNonZero(lines, "cutmix", a.CutMix);
        }

        private static void AddNonZero(List<string> lines, string key, double value)
        {
            if (value != 0)
                lines.Add("  " + key + ": " + Number(value));
        }

        private static string Freeze(FreezeSpec freeze) => freeze.Kind switch
        {
            FreezeKind.All => "all",
            FreezeKind.None => "none",
            FreezeKind.TrainLast => "{ train_last: " + Int(freeze.Count) + " }",
            FreezeKind.Except => "{ except: [" + string.Join(", ", freeze.Patterns.Select(Text)) + "] }",
            _ => "{ until: " + Text(freeze.Stage ?? string.Empty) + " }",
        };

        // Adam takes no momentum; the others carry it only when set.
        private static string Optimizer(OptimizerSpec optimizer)
        {
            var name = optimizer.Kind switch
            {
                OptimizerKind.Adam => "adam",
                OptimizerKind.RmsProp => "rmsprop",
                OptimizerKind.AdamW => "adamw",
                _ => "sgd",
            };
            var adam = optimizer.Kind == OptimizerKind.Adam || optimizer.Kind == OptimizerKind.AdamW;
            var momentum = !adam && optimizer.Momentum != 0
                ? ", momentum: " + Number(optimizer.Momentum)
                : string.Empty;
            var nesterov = optimizer.Kind == OptimizerKind.Sgd && optimizer.Nesterov ? ", nesterov: true" : string.Empty;
            // Written whenever it differs from 0, so that adamw's default never hides an explicit 0.
            var weightDecay = optimizer.WeightDecay != 0 || optimizer.Kind == OptimizerKind.AdamW
                ? ", weight_decay: " + Number(optimizer.WeightDecay)
                : string.Empty;
            return "{ " + name + ": { learning_rate: " + Number(optimizer.LearningRate) + momentum + nesterov + weightDecay + " } }";
        }

        // Every setting of the named schedule, defaults included, so the normalized text says what runs.
        private static string Schedule(ScheduleSpec s) => s.Kind switch
        {
            ScheduleKind.Step => "{ step: { step_size: " + Int(s.StepSize) + ", gamma: " + Number(s.Gamma) + " } }",
            ScheduleKind.Cosine => "{ cosine: { warmup_epochs: " + Int(s.WarmupEpochs) + ", min_learning_rate: " + Number(s.MinLearningRate) + " } }",
            ScheduleKind.OneCycle => "{ one_cycle: { warmup_fraction: " + Number(s.WarmupFraction) + " } }",
            ScheduleKind.ReduceOnPlateau => "{ reduce_on_plateau: { monitor: val_loss, factor: " + Number(s.Factor) + ", patience: " + Int(s.Patience) + ", min_learning_rate: " + Number(s.MinLearningRate) + " } }",
            _ => "constant",
        };

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The shortest text that reads back to exactly <paramref name="value"/> (0.2, 20, 1E-05).</summary>
        private static string Number(double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            return text;
        }

        /// <summary>A plain scalar when nothing in it means something to YAML (cats, data/train), else double-quoted.</summary>
        private static string Text(string value) => IsPlainSafe(value) ? value : DoubleQuoted(value);

        private static readonly HashSet<string> Reserved = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase)
        {
            "null", "true", "false", "yes", "no", "on", "off", "y", "n",
        };

        private static bool IsPlainSafe(string value) =>
            value.Length > 0
            && (IsLetter(value[0]) || value[0] == '_')
            && value.All(c => IsLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '/')
            && !Reserved.Contains(value);

        private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        // YAML double-quoted escapes; everything printable (including non-ASCII) stays as it is.
        private static string DoubleQuoted(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    builder.Append(c).Append(value[i + 1]);
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029' || c == '\uFEFF' || char.IsSurrogate(c))
                            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else
                            builder.Append(c);
                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
