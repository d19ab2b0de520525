using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Generators.Emit;

/// <summary>Writes <c>Definition</c>: every setting of the spec as a typed <c>ExperimentDefinition</c>.</summary>
internal static class DefinitionEmitter
{
    /// <summary>Longer spec texts stay one literal, so the compiler never folds thousands of constants.</summary>
    private const int MaxSpecTextLines = 1000;

    public static void Write(SourceWriter writer, ExperimentModel experiment)
    {
        var spec = experiment.Spec;
        writer.WriteLine("/// <summary>Everything the spec says, typed.</summary>");
        // "new": the instance property Experiment<TLabel>.Definition returns this same object.
        writer.WriteLine("public static new ExperimentDefinition Definition { get; } = new()");
        writer.OpenBlock();
        writer.WriteLine("Name = " + CSharpLiteral.String(spec.Name) + ",");
        writer.WriteLine("Seed = " + CSharpLiteral.Int(spec.Seed) + ",");
        writer.WriteLine("Classes = [" + string.Join(", ", spec.Classes.Select(CSharpLiteral.String)) + "],");
        WriteData(writer, spec);
        WriteAugmentation(writer, spec.Augmentation);
        WritePhases(writer, spec.Phases);
        writer.WriteLine("Output = " + CSharpLiteral.String(spec.Output) + ",");
        WriteRunSettings(writer, spec);
        writer.WriteLine("BuildModel = BuildModel,");
        writer.WriteLine("SpecFile = " + CSharpLiteral.String(experiment.SpecFileName) + ",");
        WriteText(writer, "SpecText", experiment.SpecText);
        // What a resumed run compares with its checkpoint and the report hashes: the spec after inheritance and defaults.
        WriteText(writer, "NormalizedSpec", SpecYamlWriter.Write(spec));
        WriteText(writer, "TrainingPlan", TrainingPlan.For(spec).ToMarkdown());
        writer.CloseBlock(";");
    }

    /// <summary>The namespaces the definition needs beyond the usual ones, for settings that differ from their defaults.</summary>
    public static IEnumerable<string> ExtraUsings(ExperimentSpec spec)
    {
        var data = spec.Data;
        if (data.ClassWeights is not null || data.Sampler != SamplerMode.Shuffle || data.CorruptFiles != CorruptFilesMode.Fail)
            yield return "TLDeclarative.Data";
        if (spec.FeatureCache != FeatureCacheSpec.Auto)
            yield return "TLDeclarative.Caching";
        if (spec.Evaluation != EvaluationSpec.Default)
            yield return "TLDeclarative.Metrics";
        if (spec.CheckpointMonitor != MonitorKind.ValLoss || spec.Phases.Any(p => p.EarlyStopping is not null))
            yield return "TLDeclarative.Training.Callbacks";
    }

    private static void WriteData(SourceWriter writer, ExperimentSpec spec)
    {
        var data = spec.Data;
        var settings = new List<string>();
        if (data.ValidationSplit > 0)
            settings.Add("ValidationSplit = " + CSharpLiteral.Double(data.ValidationSplit));
        if (data.ClassWeights is { } weights)
        {
            // The run time takes explicit weights in class (label) order.
            settings.Add("ClassWeights = " + (weights.Auto
                ? "ClassWeights.Auto"
                : "ClassWeights.Of(" + string.Join(", ", spec.Classes.Select(c => CSharpLiteral.Double(weights.Weights.First(w => w.Class == c).Weight))) + ")"));
        }

        if (data.Sampler != SamplerMode.Shuffle)
            settings.Add("Sampler = SamplerKind." + data.Sampler);
        if (data.CorruptFiles != CorruptFilesMode.Fail)
            settings.Add("CorruptFiles = CorruptFilePolicy." + data.CorruptFiles);
        WriteCall(writer, "Data = new DataSettings(", settings.Count == 0 ? ")," : ")",
        [
            "Train: " + CSharpLiteral.String(data.Train),
            "Validation: " + CSharpLiteral.String(data.Validation),
            "Test: " + CSharpLiteral.NullableString(data.Test),
            "ImageHeight: " + CSharpLiteral.Int(data.ImageHeight),
            "ImageWidth: " + CSharpLiteral.Int(data.ImageWidth),
            "BatchSize: " + CSharpLiteral.Int(data.BatchSize),
        ]);
        WriteInitializer(writer, settings);
    }

    private static void WriteAugmentation(SourceWriter writer, AugmentationSpec a)
    {
        var settings = new List<string>();
        if (a.VerticalFlip)
            settings.Add("VerticalFlip = true");
        AddNonZero(settings, "Brightness", a.Brightness);
        AddNonZero(settings, "Contrast", a.Contrast);
        AddNonZero(settings, "Saturation", a.Saturation);
        AddNonZero(settings, "Hue", a.Hue);
        if (a.RandomResizedCrop is { } crop)
            settings.Add("RandomResizedCrop = " + RandomResizedCrop(crop));
        AddNonZero(settings, "RandomErasing", a.RandomErasing);
        AddNonZero(settings, "Mixup", a.Mixup);
        AddNonZero(settings, "CutMix", a.CutMix);
        WriteCall(writer, "Augmentation = new AugmentationSettings(", settings.Count == 0 ? ")," : ")",
        [
            "Rotation: " + CSharpLiteral.Double(a.Rotation),
            "WidthShift: " + CSharpLiteral.Double(a.WidthShift),
            "HeightShift: " + CSharpLiteral.Double(a.HeightShift),
            "Shear: " + CSharpLiteral.Double(a.Shear),
            "Zoom: " + CSharpLiteral.Double(a.Zoom),
            "HorizontalFlip: " + CSharpLiteral.Bool(a.HorizontalFlip),
            "FillMode: FillMode." + a.FillMode,
        ]);
        WriteInitializer(writer, settings);

        static void AddNonZero(List<string> settings, string name, double value)
        {
            if (value != 0)
                settings.Add(name + " = " + CSharpLiteral.Double(value));
        }
    }

    // Only the bounds that differ from torchvision's defaults (the record's).
    private static string RandomResizedCrop(RandomResizedCropSpec crop)
    {
        var d = RandomResizedCropSpec.Default;
        var arguments = new List<string>();
        if (crop.MinScale != d.MinScale)
            arguments.Add("MinScale: " + CSharpLiteral.Double(crop.MinScale));
        if (crop.MaxScale != d.MaxScale)
            arguments.Add("MaxScale: " + CSharpLiteral.Double(crop.MaxScale));
        if (crop.MinRatio != d.MinRatio)
            arguments.Add("MinRatio: " + CSharpLiteral.Double(crop.MinRatio));
        if (crop.MaxRatio != d.MaxRatio)
            arguments.Add("MaxRatio: " + CSharpLiteral.Double(crop.MaxRatio));
        return "new RandomResizedCropSettings(" + string.Join(", ", arguments) + ")";
    }

    // feature_cache, checkpoints and evaluation, when the spec changes them.
    private static void WriteRunSettings(SourceWriter writer, ExperimentSpec spec)
    {
        var cache = spec.FeatureCache;
        if (cache != FeatureCacheSpec.Auto)
        {
            writer.WriteLine("FeatureCache = " + (cache.Views == 1
                ? "FeatureCacheSettings." + cache.Mode
                : "new FeatureCacheSettings(FeatureCacheMode." + cache.Mode + ", Views: " + CSharpLiteral.Int(cache.Views) + ")") + ",");
        }

        if (spec.CheckpointMonitor != MonitorKind.ValLoss)
            writer.WriteLine("Checkpoints = new CheckpointSettings(" + Metric(spec.CheckpointMonitor) + "),");
        var evaluation = spec.Evaluation;
        if (evaluation != EvaluationSpec.Default)
        {
            var arguments = new List<string>();
            if (evaluation.TopK != 1)
                arguments.Add("TopK: " + CSharpLiteral.Int(evaluation.TopK));
            if (evaluation.TestTimeAugmentation)
                arguments.Add("TestTimeAugmentation: true");
            writer.WriteLine("Evaluation = new EvaluationSettings(" + string.Join(", ", arguments) + "),");
        }
    }

    private static string Metric(MonitorKind monitor) => "MonitoredMetric." + monitor switch
    {
        MonitorKind.ValLoss => "ValidationLoss",
        MonitorKind.ValAccuracy => "ValidationAccuracy",
        MonitorKind.ValF1 => "ValidationF1",
        MonitorKind.Loss => "TrainingLoss",
        _ => "TrainingAccuracy",
    };

    private static string EarlyStopping(EarlyStoppingSpec stopping)
    {
        var arguments = new List<string> { Metric(stopping.Monitor), "Patience: " + CSharpLiteral.Int(stopping.Patience) };
        if (stopping.MinDelta != 0)
            arguments.Add("MinDelta: " + CSharpLiteral.Double(stopping.MinDelta));
        if (!stopping.RestoreBest)
            arguments.Add("RestoreBestWeights: false");
        return "new EarlyStoppingSettings(" + string.Join(", ", arguments) + ")";
    }

    /// <summary>An object initializer after a constructor call, one setting a line; nothing when there are none.</summary>
    private static void WriteInitializer(SourceWriter writer, List<string> settings)
    {
        if (settings.Count == 0)
            return;
        writer.OpenBlock();
        foreach (var setting in settings)
            writer.WriteLine(setting + ",");
        writer.CloseBlock(",");
    }

    private static void WritePhases(SourceWriter writer, EquatableArray<PhaseSpec> phases)
    {
        writer.WriteLine("Phases =");
        writer.WriteLine("[");
        writer.Indent();
        var firstEpoch = 1;
        foreach (var phase in phases)
        {
            // Epoch numbers continue across phases, like Keras' initial_epoch.
            var lastEpoch = checked(firstEpoch + phase.Epochs - 1);
            var settings = TrainingSettings(phase);
            WriteCall(writer, "new PhaseDefinition(", settings.Count == 0 ? ")," : ")",
            [
                "Name: " + CSharpLiteral.String(phase.Name),
                "Freeze: " + Freeze(phase.Freeze),
                "FirstEpoch: " + CSharpLiteral.Int(firstEpoch),
                "LastEpoch: " + CSharpLiteral.Int(lastEpoch),
                "CreateOptimizer: parameters => " + Optimizer(phase.Optimizer),
            ]);
            if (settings.Count > 0)
            {
                writer.OpenBlock();
                // A setting may span lines; its continuation lines carry their own relative indentation.
                foreach (var line in settings.SelectMany(setting => (setting + ",").Split('\n')))
                    writer.WriteLine(line);
                writer.CloseBlock(",");
            }

            firstEpoch = checked(lastEpoch + 1);
        }

        writer.Unindent();
        writer.WriteLine("],");
    }

    private static string Freeze(FreezeSpec freeze) => freeze.Kind switch
    {
        FreezeKind.All => "FreezePolicy.All",
        FreezeKind.None => "FreezePolicy.None",
        FreezeKind.TrainLast => "FreezePolicy.LastStages(" + CSharpLiteral.Int(freeze.Count) + ")",
        FreezeKind.Except => "FreezePolicy.Matching(" + string.Join(", ", freeze.Patterns.Select(CSharpLiteral.String)) + ")",
        _ => "FreezePolicy.Until(" + CSharpLiteral.String(freeze.Stage ?? string.Empty) + ")",
    };

    // TorchSharp spells the rate lr for Adam and RMSProp but learningRate for SGD.
    private static string Optimizer(OptimizerSpec optimizer)
    {
        var rate = CSharpLiteral.Double(optimizer.LearningRate);
        var momentum = optimizer.Momentum > 0 ? ", momentum: " + CSharpLiteral.Double(optimizer.Momentum) : string.Empty;
        // AdamW always names its decay: TorchSharp's default (0) differs from PyTorch's (0.01).
        var weightDecay = optimizer.WeightDecay != 0 || optimizer.Kind == OptimizerKind.AdamW
            ? ", weight_decay: " + CSharpLiteral.Double(optimizer.WeightDecay)
            : string.Empty;
        var nesterov = optimizer.Nesterov ? ", nesterov: true" : string.Empty;
        return optimizer.Kind switch
        {
            OptimizerKind.Adam => "optim.Adam(parameters, lr: " + rate + weightDecay + ")",
            OptimizerKind.AdamW => "optim.AdamW(parameters, lr: " + rate + weightDecay + ")",
            OptimizerKind.RmsProp => "optim.RMSProp(parameters, lr: " + rate + momentum + weightDecay + ")",
            _ => "optim.SGD(parameters, learningRate: " + rate + momentum + weightDecay + nesterov + ")",
        };
    }

    /// <summary>The phase's init settings beyond the constructor: its schedule and gradient clipping, when the spec sets them.</summary>
    private static List<string> TrainingSettings(PhaseSpec phase)
    {
        var settings = new List<string>();
        if (Schedule(phase) is { } schedule)
            settings.Add("Schedule = " + schedule);
        if (phase.GradientClipping is { } clipping)
            settings.Add("MaxGradientNorm = " + CSharpLiteral.Double(clipping.MaxNorm));
        if (phase.BatchNorm == BatchNormMode.Trainable)
            settings.Add("BatchNorm = BatchNormPolicy.Trainable");
        if (phase.LearningRateMultipliers.Count > 0)
            settings.Add("LearningRateMultipliers = [" + string.Join(", ", phase.LearningRateMultipliers.Select(m => "new(" + CSharpLiteral.String(m.Stage) + ", " + CSharpLiteral.Double(m.Multiplier) + ")")) + "]");
        if (phase.EarlyStopping is { } stopping)
            settings.Add("EarlyStopping = " + EarlyStopping(stopping));
        return settings;
    }

    // TorchSharp's own schedulers; the trainer steps them per epoch, per batch (one-cycle) or with the validation loss.
    private static string? Schedule(PhaseSpec phase)
    {
        var s = phase.Schedule;
        var epochs = CSharpLiteral.Int(phase.Epochs);
        switch (s.Kind)
        {
            case ScheduleKind.Step:
                return PerEpoch("optim.lr_scheduler.StepLR(optimizer, step_size: " + CSharpLiteral.Int(s.StepSize) + ", gamma: " + CSharpLiteral.Double(s.Gamma) + ")");
            case ScheduleKind.Cosine when s.WarmupEpochs == 0:
                return PerEpoch("optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: " + epochs + ", eta_min: " + CSharpLiteral.Double(s.MinLearningRate) + ")");
            case ScheduleKind.Cosine:
                // Warm-up from learning_rate / (warmup + 1) up to learning_rate, then cosine over the remaining epochs.
                var warmup = CSharpLiteral.Int(s.WarmupEpochs);
                return PerEpoch(
                    "optim.lr_scheduler.SequentialLR(\n"
                    + "        optimizer,\n"
                    + "        [\n"
                    + "            optim.lr_scheduler.LinearLR(optimizer, start_factor: " + CSharpLiteral.Double(1.0 / (s.WarmupEpochs + 1)) + ", end_factor: 1.0, total_iters: " + warmup + "),\n"
                    + "            optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: " + CSharpLiteral.Int(phase.Epochs - s.WarmupEpochs) + ", eta_min: " + CSharpLiteral.Double(s.MinLearningRate) + "),\n"
                    + "        ],\n"
                    + "        milestones: [" + warmup + "])");
            case ScheduleKind.OneCycle:
                return NewSchedule("ScheduleStep.Batch", "(optimizer, batches) => optim.lr_scheduler.OneCycleLR(\n"
                    + "        optimizer,\n"
                    + "        max_lr: " + CSharpLiteral.Double(phase.Optimizer.LearningRate) + ",\n"
                    + "        epochs: " + epochs + ",\n"
                    + "        steps_per_epoch: batches,\n"
                    + "        pct_start: " + CSharpLiteral.Double(s.WarmupFraction) + ",\n"
                    + "        cycle_momentum: false)");
            case ScheduleKind.ReduceOnPlateau:
                return NewSchedule("ScheduleStep.ValidationLoss", "(optimizer, _) => optim.lr_scheduler.ReduceLROnPlateau(\n"
                    + "        optimizer,\n"
                    + "        mode: \"min\",\n"
                    + "        factor: " + CSharpLiteral.Double(s.Factor) + ",\n"
                    + "        patience: " + CSharpLiteral.Int(s.Patience) + ",\n"
                    + "        min_lr: [" + CSharpLiteral.Double(s.MinLearningRate) + "])");
            default:
                return null;
        }

        static string PerEpoch(string create) => NewSchedule("ScheduleStep.Epoch", "(optimizer, _) => " + create);

        static string NewSchedule(string step, string create) =>
            "new LearningRateSchedule(\n    " + step + ",\n    " + create + ")";
    }

    // A whole text (the YAML, the plan), a line of it per line of code: "line\n" + "line\n" + ...
    private static void WriteText(SourceWriter writer, string property, string text)
    {
        var lines = SplitKeepingLineEnds(text);
        if (lines.Count <= 1 || lines.Count > MaxSpecTextLines)
        {
            writer.WriteLine(property + " = " + CSharpLiteral.String(text) + ",");
            return;
        }

        writer.WriteLine(property + " =");
        writer.Indent();
        for (var i = 0; i < lines.Count; i++)
            writer.WriteLine(CSharpLiteral.String(lines[i]) + (i < lines.Count - 1 ? " +" : ","));
        writer.Unindent();
    }

    private static List<string> SplitKeepingLineEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n')
                continue;
            lines.Add(text.Substring(start, i + 1 - start));
            start = i + 1;
        }

        if (start < text.Length)
            lines.Add(text.Substring(start));
        return lines;
    }

    /// <summary>A call with one named argument a line: <c>head(</c>, the arguments indented, <c>last)tail</c>.</summary>
    private static void WriteCall(SourceWriter writer, string head, string tail, IReadOnlyList<string> arguments)
    {
        writer.WriteLine(head);
        writer.Indent();
        for (var i = 0; i < arguments.Count; i++)
            writer.WriteLine(arguments[i] + (i < arguments.Count - 1 ? "," : tail));
        writer.Unindent();
    }
}
