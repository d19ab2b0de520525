using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Schema;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// [Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 10)]:
/// one phase, with YAML's rules (one freeze policy, no momentum for Adam, every setting required).
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
        if (name is null || freeze is null || optimizer is null || epochs is null || schedule is null || (clippingArgument.IsSet && maxNorm is null))
            return null;
        return new PhaseSpec(name, freeze, optimizer, epochs.Value)
        {
            Schedule = schedule,
            GradientClipping = maxNorm is { } norm ? new GradientClippingSpec(norm) : null,
        };
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

    // Freeze = Freeze.All | Freeze.None, or FreezeUntil = "layer4": YAML's freeze: all | none | { until: layer4 }.
    private static FreezeSpec? ReadFreeze(AttributeReadContext cx, AttributeArguments a, string path, string container)
    {
        var freeze = a.Named("Freeze");
        var until = a.Named("FreezeUntil");
        if (freeze.IsSet && until.IsSet)
        {
            cx.Report(DiagnosticCatalog.WrongType.At(until.Span, path, "Freeze or FreezeUntil", "set both ways"));
            return null;
        }

        if (freeze.IsSet)
        {
            return cx.Choice(freeze, path, "freeze policy", EnumMembers.Freezes) switch
            {
                FreezeKind.All => FreezeSpec.All,
                FreezeKind.None => FreezeSpec.None,
                _ => null,
            };
        }

        if (!until.IsSet)
        {
            cx.Report(DiagnosticCatalog.MissingKey.At(a.Span, "Freeze", container + " (or set FreezeUntil)"));
            return null;
        }

        cx.Record(path, until.Span);
        return cx.String(until, path + ".until") is { } stage ? new FreezeSpec(FreezeKind.Until, stage) : null;
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
