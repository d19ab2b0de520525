using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Diagnostics;

/// <summary>
/// Two specs naming the same experiment would generate the same class (and the same file name).
/// The first declaration (spec files in AdditionalFiles order, then attribute classes) is generated;
/// each later one is a TLD0008 error.
/// </summary>
internal static class DuplicateExperiments
{
    /// <summary>
    /// Whether <paramref name="experiment"/> is the first declaration of its name (file and position
    /// both count: one .cs file may declare two attribute experiments).
    /// </summary>
    public static bool IsFirst(IEnumerable<ExperimentDeclaration> declarations, ExperimentModel experiment) =>
        declarations.FirstOrDefault(d => d.Name == experiment.Spec.Name) is not { } first || first == ExperimentDeclaration.Of(experiment);

    public static void Report(SourceProductionContext context, IEnumerable<ExperimentDeclaration> declarations)
    {
        foreach (var group in declarations.GroupBy(d => d.Name))
        {
            foreach (var duplicate in group.Skip(1))
            {
                var diagnostic = DiagnosticCatalog.DuplicateName.At(duplicate.NameSpan, "Experiment", duplicate.Name);
                DiagnosticReporter.Report(context, DiagnosticInfo.From(duplicate.SpecPath, diagnostic));
            }
        }
    }
}
