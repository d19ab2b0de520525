using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Schema;
using TLDeclarative.Spec.Text;

namespace TLDeclarative.Spec.Validation
{
    /// <summary>
    /// Checks what a well-typed spec means: names, ranges and cross-references (freeze targets are
    /// real stages of the backbone, class names unique, ...). Shared by the generator and the run time.
    /// </summary>
    public static class SpecValidator
    {
        /// <summary>The largest learning rate a spec may ask for (<see cref="SpecSchema.LearningRate"/> uses it).</summary>
        public const double MaxLearningRate = 1.0;

        public static IReadOnlyList<SpecDiagnostic> Validate(SpecDocument document)
        {
            var spec = document.Spec;
            var at = document.Locations;
            var diagnostics = new List<SpecDiagnostic>();

            CheckIdentifier(diagnostics, at, "experiment", "Experiment name", spec.Name, allowKeywords: false);
            Range(diagnostics, at, "seed", SpecSchema.Seed, spec.Seed);
            CheckClasses(diagnostics, at, spec.Classes);

            var backbone = CheckBackbone(diagnostics, at, spec.Backbone);
            CheckData(diagnostics, at, spec.Data, backbone);
            CheckClassWeights(diagnostics, at, spec.Data.ClassWeights, spec.Classes);
            CheckHead(diagnostics, at, spec.Head);
            CheckAugmentation(diagnostics, at, spec.Augmentation);
            CheckPhases(diagnostics, at, spec.Phases, backbone);
            CheckRunSettings(diagnostics, at, spec);
            return diagnostics;
        }

        // feature_cache.views, evaluation.top_k (at most the class count).
        private static void CheckRunSettings(List<SpecDiagnostic> diagnostics, SpecLocations at, ExperimentSpec spec)
        {
            Range(diagnostics, at, "feature_cache.views", SpecSchema.CacheViews, spec.FeatureCache.Views);
            if (Range(diagnostics, at, "evaluation.top_k", SpecSchema.TopK, spec.Evaluation.TopK) && spec.Classes.Count >= 1)
                Range(diagnostics, at, "evaluation.top_k", new SpecRange(1, spec.Classes.Count, Unit: "(the class count)"), spec.Evaluation.TopK);
        }

        // Explicit weights name exactly the declared classes, each once, each positive.
        private static void CheckClassWeights(List<SpecDiagnostic> diagnostics, SpecLocations at, ClassWeightsSpec? weights, EquatableArray<string> classes)
        {
            if (weights is null || weights.Auto)
                return;
            var declared = string.Join(", ", classes);
            foreach (var weight in weights.Weights)
            {
                var path = "data.class_weights." + weight.Class;
                if (!classes.Contains(weight.Class))
                    diagnostics.Add(DiagnosticCatalog.ClassWeightsMismatch.At(at.Of(path), "names '" + weight.Class + "', which is not a declared class" + Naming.DidYouMean(weight.Class, classes), declared));
                else
                    Range(diagnostics, at, path, SpecSchema.ClassWeight, weight.Weight);
            }

            foreach (var name in classes.Where(c => !weights.Weights.Any(w => w.Class == c)))
                diagnostics.Add(DiagnosticCatalog.ClassWeightsMismatch.At(at.Of("data.class_weights"), "has no weight for class '" + name + "'", declared));
        }

        private static void CheckClasses(List<SpecDiagnostic> diagnostics, SpecLocations at, EquatableArray<string> classes)
        {
            if (classes.Count < 2)
                diagnostics.Add(DiagnosticCatalog.TooFewItems.At(at.Of("classes"), "classes", "2 classes", classes.Count));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < classes.Count; i++)
            {
                var path = "classes[" + i + "]";
                if (!CheckIdentifier(diagnostics, at, path, "Class name", classes[i], allowKeywords: true))
                    continue;
                // Two names that map to the same enum member (cats / Cats) would collide in C#.
                if (!seen.Add(Naming.ToPascalCase(classes[i])))
                    diagnostics.Add(DiagnosticCatalog.DuplicateName.At(at.Of(path), "Class", classes[i]));
            }
        }

        private static BackboneShape? CheckBackbone(List<SpecDiagnostic> diagnostics, SpecLocations at, BackboneSpec backbone)
        {
            if (backbone.Onnx is { } onnx)
                return CheckOnnxBackbone(diagnostics, at, backbone, onnx);
            if (BuiltInBackbones.Find(backbone.Name) is null)
            {
                var names = BuiltInBackbones.All.Select(b => b.Name).Distinct().ToList();
                diagnostics.Add(DiagnosticCatalog.UnknownValue.At(at.Of("backbone.name"), "backbone", backbone.Name, Naming.DidYouMean(backbone.Name, names), string.Join(", ", names)));
                return null;
            }

            if (backbone.WeightsSha256 is { } sha256)
                return CheckCustomWeights(diagnostics, at, backbone, sha256);

            // A name may have several entries (the embedded ONNX network, TorchVision's architecture for weight files).
            var entry = BuiltInBackbones.Find(backbone.Name, backbone.Weights);
            if (entry is null)
            {
                var entries = BuiltInBackbones.All.Where(b => b.Name == backbone.Name).ToList();
                var weights = entries.SelectMany(b => b.Weights).Distinct().ToList();
                var files = entries.Any(b => b.AcceptsWeightFiles)
                    ? "accepts weight files (" + string.Join(", ", BuiltInBackbones.WeightFileExtensions) + ")"
                    : "accepts no weight files";
                diagnostics.Add(DiagnosticCatalog.WeightsUnavailable.At(at.Of("backbone.weights"), backbone.Name, backbone.Weights, string.Join(", ", weights), files));
                return BackboneShape.FromEntry(entries[0]);
            }

            return BackboneShape.FromEntry(entry);
        }

        // weights: { url, sha256 }: an absolute http(s) URL and the file's full SHA-256; the architecture must take weight files.
        private static BackboneShape CheckCustomWeights(List<SpecDiagnostic> diagnostics, SpecLocations at, BackboneSpec backbone, string sha256)
        {
            if (!Uri.TryCreate(backbone.Weights, UriKind.Absolute, out var url) || (url.Scheme != "https" && url.Scheme != "http"))
                diagnostics.Add(DiagnosticCatalog.WrongType.At(at.Of("backbone.weights.url"), "backbone.weights.url", "an absolute https:// URL of a weights file", "'" + backbone.Weights + "'"));
            if (sha256.Length != 64 || !sha256.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                diagnostics.Add(DiagnosticCatalog.WrongType.At(at.Of("backbone.weights.sha256"), "backbone.weights.sha256", "the file's full SHA-256 (64 hex digits)", "'" + sha256 + "'"));
            var entries = BuiltInBackbones.All.Where(b => b.Name == backbone.Name).ToList();
            var accepting = entries.FirstOrDefault(b => b.AcceptsWeightFiles);
            if (accepting is null)
                diagnostics.Add(DiagnosticCatalog.WeightsUnavailable.At(at.Of("backbone.weights"), backbone.Name, "{ url, sha256 }", string.Join(", ", entries.SelectMany(b => b.Weights).Distinct()), "accepts no weight files"));
            return BackboneShape.FromEntry(accepting ?? entries[0]);
        }

        // The file's extension, weights file | none, the preprocessing numbers and unique stage names.
        private static BackboneShape CheckOnnxBackbone(List<SpecDiagnostic> diagnostics, SpecLocations at, BackboneSpec backbone, OnnxBackboneSpec onnx)
        {
            if (!onnx.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                diagnostics.Add(DiagnosticCatalog.WrongType.At(at.Of("backbone.onnx"), "backbone.onnx", "the path of a .onnx file", "'" + onnx.Path + "'"));
            var onnxWeights = new[] { SpecSchema.OnnxFileWeights, "none" };
            if (!onnxWeights.Contains(backbone.Weights))
                diagnostics.Add(DiagnosticCatalog.UnknownValue.At(at.Of("backbone.weights"), "weights for an ONNX backbone", backbone.Weights, Naming.DidYouMean(backbone.Weights, onnxWeights), string.Join(", ", onnxWeights)));
            if (onnx.Preprocessing is { } p)
            {
                Range(diagnostics, at, "backbone.preprocessing.scale", SpecSchema.PixelScale, p.Scale);
                for (var c = 0; c < p.Mean.Count; c++)
                    Range(diagnostics, at, "backbone.preprocessing.mean[" + c + "]", SpecSchema.ChannelMean, p.Mean[c]);
                for (var c = 0; c < p.Std.Count; c++)
                    Range(diagnostics, at, "backbone.preprocessing.std[" + c + "]", SpecSchema.ChannelStd, p.Std[c]);
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < onnx.Stages.Count; i++)
            {
                var path = "backbone.stages[" + i + "].name";
                if (CheckIdentifier(diagnostics, at, path, "Stage name", onnx.Stages[i].Name, allowKeywords: true) && !names.Add(onnx.Stages[i].Name))
                    diagnostics.Add(DiagnosticCatalog.DuplicateName.At(at.Of(path), "Stage", onnx.Stages[i].Name));
            }

            return BackboneShape.Of(backbone)!;
        }

        private static void CheckData(List<SpecDiagnostic> diagnostics, SpecLocations at, DataSpec data, BackboneShape? backbone)
        {
            // An empty validation means validation_split was given (the reader demands one of them).
            if (data.Validation.Length == 0)
                Range(diagnostics, at, "data.validation_split", SpecSchema.ValidationSplit, data.ValidationSplit);
            Range(diagnostics, at, "data.image_size[0]", SpecSchema.ImageSide, data.ImageHeight);
            Range(diagnostics, at, "data.image_size[1]", SpecSchema.ImageSide, data.ImageWidth);
            if (backbone is not null && data.ImageHeight >= 1 && data.ImageWidth >= 1
                && Math.Min(data.ImageHeight, data.ImageWidth) < backbone.MinImageSize)
                diagnostics.Add(DiagnosticCatalog.ImageTooSmall.At(at.Of("data.image_size"), backbone.Name, backbone.MinImageSize, data.ImageHeight, data.ImageWidth));
            Range(diagnostics, at, "data.batch_size", SpecSchema.BatchSize, data.BatchSize);
        }

        private static void CheckHead(List<SpecDiagnostic> diagnostics, SpecLocations at, HeadSpec head)
        {
            for (var i = 0; i < head.Layers.Count; i++)
            {
                var layer = head.Layers[i];
                var path = "head.layers[" + i + "]";
                if (layer.Kind == HeadLayerKind.Dropout)
                    Range(diagnostics, at, path + ".dropout", SpecSchema.DropoutRate, layer.DropoutRate);
                else
                    Range(diagnostics, at, path + ".dense.units", SpecSchema.DenseUnits, layer.Units);
            }
        }

        private static void CheckAugmentation(List<SpecDiagnostic> diagnostics, SpecLocations at, AugmentationSpec a)
        {
            Range(diagnostics, at, "augmentation.rotation", SpecSchema.Rotation, a.Rotation);
            Range(diagnostics, at, "augmentation.width_shift", SpecSchema.WidthShift, a.WidthShift);
            Range(diagnostics, at, "augmentation.height_shift", SpecSchema.HeightShift, a.HeightShift);
            Range(diagnostics, at, "augmentation.shear", SpecSchema.Shear, a.Shear);
            Range(diagnostics, at, "augmentation.zoom", SpecSchema.Zoom, a.Zoom);
            Range(diagnostics, at, "augmentation.brightness", SpecSchema.ColorJitter, a.Brightness);
            Range(diagnostics, at, "augmentation.contrast", SpecSchema.ColorJitter, a.Contrast);
            Range(diagnostics, at, "augmentation.saturation", SpecSchema.ColorJitter, a.Saturation);
            Range(diagnostics, at, "augmentation.hue", SpecSchema.Hue, a.Hue);
            Range(diagnostics, at, "augmentation.random_erasing", SpecSchema.Probability, a.RandomErasing);
            Range(diagnostics, at, "augmentation.mixup", SpecSchema.MixAlpha, a.Mixup);
            Range(diagnostics, at, "augmentation.cutmix", SpecSchema.MixAlpha, a.CutMix);
            if (a.RandomResizedCrop is { } crop)
            {
                const string path = "augmentation.random_resized_crop";
                if (Range(diagnostics, at, path + ".scale[0]", SpecSchema.CropScale, crop.MinScale) & Range(diagnostics, at, path + ".scale[1]", SpecSchema.CropScale, crop.MaxScale))
                    Range(diagnostics, at, path + ".scale[1]", new SpecRange(crop.MinScale, 1, Unit: "(at least scale[0])"), crop.MaxScale);
                if (Range(diagnostics, at, path + ".ratio[0]", SpecSchema.CropRatio, crop.MinRatio) & Range(diagnostics, at, path + ".ratio[1]", SpecSchema.CropRatio, crop.MaxRatio))
                    Range(diagnostics, at, path + ".ratio[1]", new SpecRange(crop.MinRatio, null), crop.MaxRatio);
            }
        }

        private static void CheckPhases(List<SpecDiagnostic> diagnostics, SpecLocations at, EquatableArray<PhaseSpec> phases, BackboneShape? backbone)
        {
            if (phases.Count < 1)
                diagnostics.Add(DiagnosticCatalog.TooFewItems.At(at.Of("phases"), "phases", "1 phase", 0));
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < phases.Count; i++)
            {
                var phase = phases[i];
                var path = "phases[" + i + "]";
                if (CheckIdentifier(diagnostics, at, path + ".name", "Phase name", phase.Name, allowKeywords: true) && !names.Add(phase.Name))
                    diagnostics.Add(DiagnosticCatalog.DuplicateName.At(at.Of(path + ".name"), "Phase", phase.Name));
                Range(diagnostics, at, path + ".epochs", SpecSchema.Epochs, phase.Epochs);
                Range(diagnostics, at, path + ".optimizer.learning_rate", SpecSchema.LearningRate, phase.Optimizer.LearningRate);
                Range(diagnostics, at, path + ".optimizer.momentum", SpecSchema.Momentum, phase.Optimizer.Momentum);
                CheckTraining(diagnostics, at, path, phase);
                CheckFreezeDetails(diagnostics, at, path, phase, backbone);
                if (phase.EarlyStopping is { } stopping)
                {
                    Range(diagnostics, at, path + ".early_stopping.patience", SpecSchema.EarlyStoppingPatience, stopping.Patience);
                    Range(diagnostics, at, path + ".early_stopping.min_delta", SpecSchema.MinDelta, stopping.MinDelta);
                }

                if (backbone is not null && phase.Freeze.Kind == FreezeKind.Until && !backbone.Stages.Contains(phase.Freeze.Stage!))
                    diagnostics.Add(DiagnosticCatalog.UnknownStage.At(at.Of(path + ".freeze.until"), backbone.Name, phase.Freeze.Stage!, Naming.DidYouMean(phase.Freeze.Stage!, backbone.Stages), string.Join(", ", backbone.Stages)));
                else if (backbone is not null && i > 0 && FrozenStageCount(phase.Freeze, backbone) > FrozenStageCount(phases[i - 1].Freeze, backbone))
                    diagnostics.Add(DiagnosticCatalog.FreezesMoreThanBefore.At(at.Of(path + ".freeze"), phase.Name, phases[i - 1].Name));
            }
        }

        // Weight decay, nesterov, the learning-rate schedule and gradient clipping of one phase.
        private static void CheckTraining(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, PhaseSpec phase)
        {
            var optimizer = phase.Optimizer;
            Range(diagnostics, at, path + ".optimizer.weight_decay", SpecSchema.WeightDecay, optimizer.WeightDecay);
            if (optimizer.Nesterov && optimizer.Momentum <= 0 && SpecSchema.Momentum.Contains(optimizer.Momentum))
            {
                diagnostics.Add(DiagnosticCatalog.OutOfRange.At(at.Of(path + ".optimizer.nesterov"), path + ".optimizer.momentum",
                    "greater than 0 when nesterov is true", optimizer.Momentum.ToString("R", CultureInfo.InvariantCulture)));
            }

            var schedule = phase.Schedule;
            var s = path + ".schedule";
            switch (schedule.Kind)
            {
                case ScheduleKind.Step:
                    Range(diagnostics, at, s + ".step_size", SpecSchema.StepSize, schedule.StepSize);
                    Range(diagnostics, at, s + ".gamma", SpecSchema.Gamma, schedule.Gamma);
                    break;
                case ScheduleKind.Cosine:
                    if (Range(diagnostics, at, s + ".warmup_epochs", SpecSchema.WarmupEpochs, schedule.WarmupEpochs) && phase.Epochs >= 1)
                        Range(diagnostics, at, s + ".warmup_epochs", new SpecRange(0, phase.Epochs - 1, Unit: "epochs (fewer than the phase's " + phase.Epochs + ")"), schedule.WarmupEpochs);
                    CheckMinLearningRate(diagnostics, at, s, schedule, optimizer);
                    break;
                case ScheduleKind.OneCycle:
                    Range(diagnostics, at, s + ".warmup_fraction", SpecSchema.WarmupFraction, schedule.WarmupFraction);
                    break;
                case ScheduleKind.ReduceOnPlateau:
                    Range(diagnostics, at, s + ".factor", SpecSchema.PlateauFactor, schedule.Factor);
                    Range(diagnostics, at, s + ".patience", SpecSchema.Patience, schedule.Patience);
                    CheckMinLearningRate(diagnostics, at, s, schedule, optimizer);
                    break;
            }

            // Both schedulers take one rate (one_cycle: max_lr; reduce_on_plateau: min_lr) for all
            // parameter groups, so they would undo the per-stage rates of lr_mult.
            if (schedule.Kind is ScheduleKind.OneCycle or ScheduleKind.ReduceOnPlateau && phase.LearningRateMultipliers.Count > 0)
            {
                var name = schedule.Kind == ScheduleKind.OneCycle ? "one_cycle" : "reduce_on_plateau";
                diagnostics.Add(DiagnosticCatalog.IncompatibleSettings.At(at.Of(s), "Schedule '" + name + "'", "lr_mult",
                    "the scheduler sets one rate for every parameter group; use step, cosine or constant with lr_mult"));
            }

            if (phase.GradientClipping is { } clipping)
                Range(diagnostics, at, path + ".gradient_clipping.max_norm", SpecSchema.MaxGradientNorm, clipping.MaxNorm);
        }

        // The lowest rate must lie below the phase's learning rate, or the schedule could only raise it.
        private static void CheckMinLearningRate(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, ScheduleSpec schedule, OptimizerSpec optimizer)
        {
            var minPath = path + ".min_learning_rate";
            if (Range(diagnostics, at, minPath, SpecSchema.MinLearningRate, schedule.MinLearningRate) && SpecSchema.LearningRate.Contains(optimizer.LearningRate))
                Range(diagnostics, at, minPath, new SpecRange(0, optimizer.LearningRate, MaximumExclusive: true, Phrase: "below the phase's learning_rate"), schedule.MinLearningRate);
        }

        /// <summary>How many of the backbone's stages a policy freezes; -1 when the stage is unknown.</summary>
        public static int FrozenStageCount(FreezeSpec freeze, BuiltInBackbone backbone) => FrozenStageCount(freeze, BackboneShape.FromEntry(backbone));

        /// <summary>How many of the backbone's stages a policy freezes; -1 when the stage is unknown.</summary>
        public static int FrozenStageCount(FreezeSpec freeze, BackboneShape backbone) => freeze.Kind switch
        {
            FreezeKind.All => backbone.Stages.Count,
            FreezeKind.None => 0,
            FreezeKind.TrainLast or FreezeKind.Except => TrainingPlan.FrozenFlags(freeze, backbone.Stages).Count(f => f),
            _ => backbone.Stages.ToList().IndexOf(freeze.Stage!),
        };

        // train_last within the stage count, every except glob reaching a stage, lr_mult on stages that train.
        private static void CheckFreezeDetails(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, PhaseSpec phase, BackboneShape? backbone)
        {
            var freeze = phase.Freeze;
            if (freeze.Kind == FreezeKind.TrainLast)
                Range(diagnostics, at, path + ".freeze.train_last", backbone is null ? SpecSchema.TrainLast : new SpecRange(0, backbone.Stages.Count, Unit: "stages (" + backbone.Name + " has " + backbone.Stages.Count + ")"), freeze.Count);
            for (var j = 0; freeze.Kind == FreezeKind.Except && j < freeze.Patterns.Count; j++)
            {
                var pattern = freeze.Patterns[j];
                if (backbone is null || backbone.Stages.Any(stage => Glob.CanReach(pattern, stage)))
                    continue;
                var stagePart = Glob.IsParameterGlob(pattern) ? pattern.Substring(0, pattern.IndexOf('.')) : pattern;
                diagnostics.Add(DiagnosticCatalog.UnknownStage.At(at.Of(path + ".freeze.except[" + j + "]"), backbone.Name, pattern, Naming.DidYouMean(stagePart, backbone.Stages), string.Join(", ", backbone.Stages)));
            }

            var frozen = backbone is null ? null : TrainingPlan.FrozenFlags(freeze, backbone.Stages);
            foreach (var multiplier in phase.LearningRateMultipliers)
            {
                var where = path + ".lr_mult." + multiplier.Stage;
                Range(diagnostics, at, where, SpecSchema.LearningRateMultiplier, multiplier.Multiplier);
                if (backbone is null)
                    continue;
                var index = backbone.Stages.ToList().IndexOf(multiplier.Stage);
                if (index < 0)
                    diagnostics.Add(DiagnosticCatalog.UnknownStage.At(at.Of(where), backbone.Name, multiplier.Stage, Naming.DidYouMean(multiplier.Stage, backbone.Stages), string.Join(", ", backbone.Stages)));
                else if (frozen![index] && phase.BatchNorm == BatchNormMode.Frozen)
                    diagnostics.Add(DiagnosticCatalog.OutOfRange.At(at.Of(where), where, "set only for a stage that trains in phase '" + phase.Name + "'", multiplier.Stage + ", which the freeze policy keeps frozen"));
            }
        }

        private static bool CheckIdentifier(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, string what, string value, bool allowKeywords)
        {
            string? problem = null;
            if (!Naming.IsSimpleIdentifier(value))
                problem = "use ASCII letters, digits and underscores, starting with a letter (at most 100 characters)";
            else if (!allowKeywords && Naming.IsCSharpKeyword(value))
                problem = "it is a C# keyword";
            if (problem is null)
                return true;
            var shown = value.Length > 60 ? value.Substring(0, 60) + "..." : value;
            diagnostics.Add(DiagnosticCatalog.InvalidName.At(at.Of(path), what, shown, problem));
            return false;
        }

        // Ranges and the words of their messages come from the schema.
        private static bool Range(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, SpecRange range, double actual)
        {
            if (range.Contains(actual))
                return true;
            diagnostics.Add(DiagnosticCatalog.OutOfRange.At(at.Of(path), path, range.Text, actual.ToString("R", CultureInfo.InvariantCulture)));
            return false;
        }
    }
}
