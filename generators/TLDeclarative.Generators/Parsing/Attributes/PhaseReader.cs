using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Schema;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// [Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 10)]:
/// one phase, with YAML's rules (exactly one freeze policy, no momentum for Adam, every setting required).
/// </summary>
internal static class PhaseReader
{
    public static PhaseSpec? Read(AttributeReadContext cx, AttributeArguments a, string path)
    {
        cx.Record(path, a.Span);
        var container = "[Phase(" + System.Convert.ToString(a.Constructor("number").Value?.Value ?? "?", System.Globalization.CultureInfo.InvariantCulture) + ", ...)]";
        var name = cx.String(a.Constructor("name"), path + ".name");
        var freeze = ReadFreeze(cx, a, path + ".freeze", container);
        var optimizer = ReadOptimizer(cx, a, path + ".optimizer", container);
        var epochsArgument = a.Named("Epochs");
        var epochs = cx.Require(epochsArgument, "Epochs", container, a.Span) ? cx.Int(epochsArgument, path + ".epochs") : null;
        var schedule = ReadSchedule(cx, a, path + ".schedule", container);
        var clippingArgument = a.Named("MaxGradientNorm");
        var maxNorm = cx.Number(clippingArgument, path + ".gradient_clipping.max_norm");
        var batchNormArgument = a.Named("BatchNorm");
        var batchNorm = cx.Choice(batchNormArgument, path + ".batch_norm", "BatchNorm policy", EnumMembers.BatchNorms);
        var multipliers = ReadMultipliers(cx, a.Named("LearningRateMultipliers"), a, path + ".lr_mult");
        var stopping = ReadEarlyStopping(cx, a, path + ".early_stopping", container, out var stoppingComplete);
        if (name is null || freeze is null || optimizer is null || epochs is null || schedule is null || (clippingArgument.IsSet && maxNorm is null)
            || (batchNormArgument.IsSet && batchNorm is null) || multipliers is null || !stoppingComplete)
            return null;
        return new PhaseSpec(name, freeze, optimizer, epochs.Value)
        {
            Schedule = schedule,
            GradientClipping = maxNorm is { } norm ? new GradientClippingSpec(norm) : null,
            BatchNorm = batchNorm ?? BatchNormMode.Frozen,
            LearningRateMultipliers = multipliers.Value,
            EarlyStopping = stopping,
        };
    }

    // EarlyStoppingPatience = 3, EarlyStoppingMonitor = Monitor.ValAccuracy, ...: YAML's early_stopping mapping.
    // The other settings without a patience are like the YAML mapping without its required key.
    private static EarlyStoppingSpec? ReadEarlyStopping(AttributeReadContext cx, AttributeArguments a, string path, string container, out bool complete)
    {
        var patienceArgument = a.Named("EarlyStoppingPatience");
        var monitorArgument = a.Named("EarlyStoppingMonitor");
        var minDeltaArgument = a.Named("EarlyStoppingMinDelta");
        var restoreArgument = a.Named("EarlyStoppingRestoresBest");
        complete = true;
        if (!patienceArgument.IsSet)
        {
            var stray = new[] { monitorArgument, minDeltaArgument, restoreArgument }.Where(x => x.IsSet).ToList();
            if (stray.Count == 0)
                return null;
            cx.Report(DiagnosticCatalog.MissingKey.At(stray[0].Span, "EarlyStoppingPatience", container + " (early stopping)"));
            complete = false;
            return null;
        }

        cx.Record(path, patienceArgument.Span);
        var patience = cx.Int(patienceArgument, path + ".patience");
        var monitor = cx.Choice(monitorArgument, path + ".monitor", "monitored metric", EnumMembers.Monitors);
        var minDelta = cx.Number(minDeltaArgument, path + ".min_delta");
        var restore = cx.Bool(restoreArgument, path + ".restore_best");
        if (patience is null || (monitorArgument.IsSet && monitor is null) || (minDeltaArgument.IsSet && minDelta is null))
        {
            complete = false;
            return null;
        }

        return new EarlyStoppingSpec(monitor ?? MonitorKind.ValLoss, patience.Value, minDelta ?? 0, restore ?? true);
    }

    // Schedule = Schedule.Cosine, WarmupEpochs = 1, ...: YAML's schedule: { cosine: { warmup_epochs: 1 } }.
    // A setting of another schedule is reported like an unknown key of the YAML mapping.
    private static ScheduleSpec? ReadSchedule(AttributeReadContext cx, AttributeArguments a, string path, string container)
    {
        var kindArgument = a.Named("Schedule");
        var kind = kindArgument.IsSet ? cx.Choice(kindArgument, path, "schedule", EnumMembers.Schedules) : ScheduleKind.Constant;
        if (kind is null)
            return null;
        var allowed = kind switch
        {
            ScheduleKind.Step => new[] { "StepSize", "Gamma" },
            ScheduleKind.Cosine => new[] { "WarmupEpochs", "MinLearningRate" },
            ScheduleKind.OneCycle => new[] { "WarmupFraction" },
            ScheduleKind.ReduceOnPlateau => new[] { "Factor", "Patience", "MinLearningRate" },
            _ => System.Array.Empty<string>(),
        };
        var complete = true;
        foreach (var setting in new[] { "StepSize", "Gamma", "WarmupEpochs", "MinLearningRate", "WarmupFraction", "Factor", "Patience" })
        {
            var argument = a.Named(setting);
            if (argument.IsSet && System.Array.IndexOf(allowed, setting) < 0)
            {
                cx.Report(DiagnosticCatalog.UnknownKey.At(argument.Span, setting, "the " + kind + " schedule", string.Empty));
                complete = false;
            }
        }

        if (kind == ScheduleKind.Step && !cx.Require(a.Named("StepSize"), "StepSize", container + " (Schedule.Step)", a.Span))
            return null;
        var d = new ScheduleSpec(kind.Value);
        var schedule = d with
        {
            StepSize = cx.Int(a.Named("StepSize"), path + ".step_size") ?? d.StepSize,
            Gamma = cx.Number(a.Named("Gamma"), path + ".gamma") ?? d.Gamma,
            WarmupEpochs = cx.Int(a.Named("WarmupEpochs"), path + ".warmup_epochs") ?? d.WarmupEpochs,
            MinLearningRate = cx.Number(a.Named("MinLearningRate"), path + ".min_learning_rate") ?? d.MinLearningRate,
            WarmupFraction = cx.Number(a.Named("WarmupFraction"), path + ".warmup_fraction") ?? d.WarmupFraction,
            Factor = cx.Number(a.Named("Factor"), path + ".factor") ?? d.Factor,
            Patience = cx.Int(a.Named("Patience"), path + ".patience") ?? d.Patience,
        };
        return complete ? schedule : null;
    }

    // Exactly one of Freeze = Freeze.All | Freeze.None, FreezeUntil = "layer4", FreezeTrainLast = 2 or
    // FreezeExcept = new[] { "layer4", "layer3.1.*" }: YAML's freeze: all | none | { until | train_last | except }.
    private static FreezeSpec? ReadFreeze(AttributeReadContext cx, AttributeArguments a, string path, string container)
    {
        var forms = new[] { a.Named("Freeze"), a.Named("FreezeUntil"), a.Named("FreezeTrainLast"), a.Named("FreezeExcept") };
        var set = forms.Where(f => f.IsSet).OrderBy(f => f.Span.StartOffset).ToList();
        if (set.Count > 1)
        {
            // At the second form written, as YAML reports a freeze mapping with two keys.
            cx.Report(DiagnosticCatalog.WrongType.At(set[1].Span, path, "exactly one of Freeze, FreezeUntil, FreezeTrainLast or FreezeExcept", set[0].Key + " and " + set[1].Key));
            return null;
        }

        if (set.Count == 0)
        {
            cx.Report(DiagnosticCatalog.MissingKey.At(a.Span, "Freeze", container + " (or set FreezeUntil, FreezeTrainLast or FreezeExcept)"));
            return null;
        }

        var form = set[0];
        if (form.Key == "Freeze")
        {
            return cx.Choice(form, path, "freeze policy", EnumMembers.Freezes) switch
            {
                FreezeKind.All => FreezeSpec.All,
                FreezeKind.None => FreezeSpec.None,
                _ => null,
            };
        }

        cx.Record(path, form.Span);
        if (form.Key == "FreezeUntil")
            return cx.String(form, path + ".until") is { } stage ? new FreezeSpec(FreezeKind.Until, stage) : null;
        if (form.Key == "FreezeTrainLast")
            return cx.Int(form, path + ".train_last") is { } count ? FreezeSpec.TrainLast(count) : null;

        var exceptPath = path + ".except";
        cx.Record(exceptPath, form.Span);
        if (form.Value is not { IsNull: false, Kind: TypedConstantKind.Array } array)
        {
            cx.Report(DiagnosticCatalog.WrongType.At(form.Span, exceptPath, "a list of stage or parameter globs", "null"));
            return null;
        }

        var patterns = array.Values
            .Select((value, i) => cx.String(new Argument(form.Key, value, a.ElementSpan(form.Key, i)), exceptPath + "[" + i + "]"))
            .ToList();
        return patterns.Any(p => p is null) ? null : FreezeSpec.Except(patterns.Select(p => p!));
    }

    // LearningRateMultipliers = new[] { "layer4=1.0", "layer3=0.1" }: YAML's lr_mult: { layer4: 1.0, layer3: 0.1 },
    // in the order written. Each multiplier's position is recorded under lr_mult.<stage>, as in YAML.
    private static EquatableArray<StageMultiplier>? ReadMultipliers(AttributeReadContext cx, Argument argument, AttributeArguments a, string path)
    {
        if (!argument.IsSet)
            return default(EquatableArray<StageMultiplier>);
        cx.Record(path, argument.Span);
        if (argument.Value is not { IsNull: false, Kind: TypedConstantKind.Array } array)
        {
            cx.Report(DiagnosticCatalog.WrongType.At(argument.Span, path, "a list of \"stage=multiplier\" strings", "null"));
            return null;
        }

        var multipliers = new List<StageMultiplier>();
        var complete = true;
        for (var i = 0; i < array.Values.Length; i++)
        {
            var span = a.ElementSpan(argument.Key, i);
            if (cx.String(new Argument(argument.Key, array.Values[i], span), path + "[" + i + "]") is not { } text)
            {
                complete = false;
                continue;
            }

            var equals = text.IndexOf('=');
            var stage = equals < 0 ? string.Empty : text.Substring(0, equals).Trim();
            if (stage.Length == 0)
            {
                cx.Report(DiagnosticCatalog.WrongType.At(span, path + "[" + i + "]", "\"stage=multiplier\", such as \"layer3=0.1\"", "\"" + text + "\""));
                complete = false;
                continue;
            }

            var number = text.Substring(equals + 1).Trim();
            var stagePath = path + "." + stage;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var multiplier) || double.IsNaN(multiplier) || double.IsInfinity(multiplier))
            {
                cx.Report(DiagnosticCatalog.WrongType.At(span, stagePath, "a finite number", "'" + number + "'"));
                complete = false;
                continue;
            }

            if (multipliers.Any(m => m.Stage == stage))
            {
                cx.Report(DiagnosticCatalog.DuplicateName.At(span, "Learning-rate multiplier of stage", stage));
                complete = false;
                continue;
            }

            cx.Record(stagePath, span);
            multipliers.Add(new StageMultiplier(stage, multiplier));
        }

        return complete ? new EquatableArray<StageMultiplier>(multipliers) : null;
    }

    private static OptimizerSpec? ReadOptimizer(AttributeReadContext cx, AttributeArguments a, string path, string container)
    {
        var kindArgument = a.Named("Optimizer");
        var rateArgument = a.Named("LearningRate");
        var momentumArgument = a.Named("Momentum");
        var kind = cx.Require(kindArgument, "Optimizer", container, a.Span)
            ? cx.Choice(kindArgument, path, "optimizer", EnumMembers.Optimizers)
            : null;
        var rate = cx.Require(rateArgument, "LearningRate", container, a.Span) ? cx.Number(rateArgument, path + ".learning_rate") : null;
        var momentum = cx.Number(momentumArgument, path + ".momentum");
        var weightDecayArgument = a.Named("WeightDecay");
        var weightDecay = cx.Number(weightDecayArgument, path + ".weight_decay");
        var nesterovArgument = a.Named("Nesterov");
        var nesterov = cx.Bool(nesterovArgument, path + ".nesterov");
        if ((kind == OptimizerKind.Adam || kind == OptimizerKind.AdamW) && momentumArgument.IsSet)
        {
            cx.Report(DiagnosticCatalog.UnknownKey.At(momentumArgument.Span, "Momentum", "the " + kind + " optimizer", string.Empty));
            return null;
        }

        if (kind is not null && kind != OptimizerKind.Sgd && nesterovArgument.IsSet)
        {
            cx.Report(DiagnosticCatalog.UnknownKey.At(nesterovArgument.Span, "Nesterov", "the " + kind + " optimizer", string.Empty));
            return null;
        }

        if (kind is null || rate is null || (momentumArgument.IsSet && momentum is null) || (weightDecayArgument.IsSet && weightDecay is null))
            return null;
        var defaultWeightDecay = kind == OptimizerKind.AdamW ? SpecSchema.AdamWDefaultWeightDecay : 0;
        return new OptimizerSpec(kind.Value, rate.Value, momentum ?? 0, weightDecay ?? defaultWeightDecay, nesterov ?? false);
    }
}
