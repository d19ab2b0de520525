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
            CheckHead(diagnostics, at, spec.Head);
            CheckAugmentation(diagnostics, at, spec.Augmentation);
            CheckPhases(diagnostics, at, spec.Phases, backbone);
            return diagnostics;
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

        private static BuiltInBackbone? CheckBackbone(List<SpecDiagnostic> diagnostics, SpecLocations at, BackboneSpec backbone)
        {
            var known = BuiltInBackbones.Find(backbone.Name);
            if (known is null)
            {
                var names = BuiltInBackbones.All.Select(b => b.Name).Distinct().ToList();
                diagnostics.Add(DiagnosticCatalog.UnknownValue.At(at.Of("backbone.name"), "backbone", backbone.Name, Naming.DidYouMean(backbone.Name, names), string.Join(", ", names)));
                return null;
            }

            if (!known.Weights.Contains(backbone.Weights))
                diagnostics.Add(DiagnosticCatalog.UnknownValue.At(at.Of("backbone.weights"), "weights", backbone.Weights, Naming.DidYouMean(backbone.Weights, known.Weights), string.Join(", ", known.Weights)));
            return known;
        }

        private static void CheckData(List<SpecDiagnostic> diagnostics, SpecLocations at, DataSpec data, BuiltInBackbone? backbone)
        {
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
        }

        private static void CheckPhases(List<SpecDiagnostic> diagnostics, SpecLocations at, EquatableArray<PhaseSpec> phases, BuiltInBackbone? backbone)
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
        public static int FrozenStageCount(FreezeSpec freeze, BuiltInBackbone backbone) => freeze.Kind switch
        {
            FreezeKind.All => backbone.Stages.Count,
            FreezeKind.None => 0,
            FreezeKind.TrainLast or FreezeKind.Except => TrainingPlan.FrozenFlags(freeze, backbone).Count(f => f),
            _ => backbone.Stages.ToList().IndexOf(freeze.Stage!),
        };

        // train_last within the stage count, every except glob reaching a stage, lr_mult on stages that train.
        private static void CheckFreezeDetails(List<SpecDiagnostic> diagnostics, SpecLocations at, string path, PhaseSpec phase, BuiltInBackbone? backbone)
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

            var frozen = backbone is null ? null : TrainingPlan.FrozenFlags(freeze, backbone);
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
