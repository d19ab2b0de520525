using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Diagnostics;

/// <summary>
/// Two specs naming the same experiment would generate the same class (and the same file name).
/// The first declaration, in AdditionalFiles order, is generated; each later one is a TLD0008 error.
/// </summary>
internal static class DuplicateExperiments
{
    public static bool IsFirst(ImmutableArray<ExperimentDeclaration> declarations, ExperimentModel experiment) =>
        declarations.FirstOrDefault(d => d.Name == experiment.Spec.Name) is not { } first || first.SpecPath == experiment.SpecPath;

    public static void Report(SourceProductionContext context, ImmutableArray<ExperimentDeclaration> declarations)
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
