using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// Descriptors are built from the spec library's catalogue at run time, which the release-tracking
/// analyzer cannot see; this keeps AnalyzerReleases.*.md listing exactly the rules the generator reports.
/// </summary>
public sealed class ReleaseTrackingTests
{
    [Fact]
    public void Release_files_list_every_rule_with_its_category_and_severity()
    {
        var folder = Path.Combine(TestFiles.RepositoryRoot, "generators", "TLDeclarative.Generators");
        var listed = File.ReadLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
            .Where(line => line.StartsWith("TLD", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('|').Take(3).Select(cell => cell.Trim())))
            .Order(StringComparer.Ordinal);

        var reported = DiagnosticCatalog.All.Concat(GeneratorRules.All).Select(rule => DiagnosticDescriptors.For(rule.Id))
            .Append(DiagnosticDescriptors.InternalError)
            .Select(d => d.Id + " | " + d.Category + " | " + d.DefaultSeverity)
            .Order(StringComparer.Ordinal);

        Assert.Equal(reported, listed);
    }

    [Fact]
    public void Every_catalogue_rule_has_its_own_descriptor()
    {
        Assert.All(DiagnosticCatalog.All.Concat(GeneratorRules.All), rule => Assert.Equal(rule.Id, DiagnosticDescriptors.For(rule.Id).Id));
    }
}
