using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

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
        if (name is null || freeze is null || optimizer is null || epochs is null)
            return null;
        return new PhaseSpec(name, freeze, optimizer, epochs.Value);
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
        if (kind == OptimizerKind.Adam && momentumArgument.IsSet)
        {
            cx.Report(DiagnosticCatalog.UnknownKey.At(momentumArgument.Span, "Momentum", "the Adam optimizer", string.Empty));
            return null;
        }

        if (kind is null || rate is null || (momentumArgument.IsSet && momentum is null))
            return null;
        return new OptimizerSpec(kind.Value, rate.Value, momentum ?? 0);
    }
}
