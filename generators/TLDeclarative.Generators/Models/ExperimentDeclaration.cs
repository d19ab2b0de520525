using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Models;

/// <summary>An experiment name and where it is declared: all a project-wide duplicate check needs.</summary>
internal sealed record ExperimentDeclaration(string Name, string SpecPath, SourceSpan NameSpan)
{
    public static ExperimentDeclaration Of(ExperimentModel experiment) =>
        new(experiment.Spec.Name, experiment.SpecPath, experiment.NameSpan);
}
