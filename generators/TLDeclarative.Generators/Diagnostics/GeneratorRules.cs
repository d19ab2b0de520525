using System.Collections.Generic;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Diagnostics;

/// <summary>
/// Rules about the C# declaration of an experiment (the attribute front end), which the spec
/// library cannot know: they live here, beside the catalogue's spec rules, with their own IDs
/// from TLD0100. Spec mistakes made in attributes use the catalogue's IDs, as in YAML.
/// </summary>
internal static class GeneratorRules
{
    public static readonly DiagnosticRule NotPartial = new(
        "TLD0100",
        SpecSeverity.Error,
        "Experiment class must be partial",
        "Class '{0}' has [TransferLearning] but is not partial; declare it 'partial' so the generator can add the experiment's members");

    public static readonly DiagnosticRule UnsupportedClass = new(
        "TLD0101",
        SpecSeverity.Error,
        "Experiment class cannot take the generated part",
        "'{0}' cannot hold a generated experiment: {1}");

    public static readonly DiagnosticRule AttributeElsewhere = new(
        "TLD0102",
        SpecSeverity.Error,
        "Experiment attribute away from [TransferLearning]",
        "[{0}] must be on the declaration of '{1}' that carries [TransferLearning], so the whole experiment reads in one place");

    public static IReadOnlyList<DiagnosticRule> All { get; } = [NotPartial, UnsupportedClass, AttributeElsewhere];
}
