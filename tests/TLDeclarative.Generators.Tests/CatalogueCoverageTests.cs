using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// Every rule of the diagnostic catalogue, through the generator: Roslyn ID, severity, file, and
/// 0-based line and column (editor line 13, column 13 is Line 12, Character 12 here).
/// </summary>
public sealed class CatalogueCoverageTests
{
    private const string Path = "/project/specs/rules.tl.yaml";

    private const string Valid = """
        experiment: Rules
        classes: [cats, dogs]
        data:
          train: data/train
          validation: data/validation
          image_size: [96, 96]
          batch_size: 8
        backbone: { name: resnet18, weights: imagenet }
        phases:
          - name: head
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-3 } }
            epochs: 2
          - name: tune
            freeze: { until: layer4 }
            optimizer: { sgd: { learning_rate: 1.0e-4, momentum: 0.9 } }
            epochs: 2
        """;

    /// <summary>id, severity, 0-based line and column, then (0-based line, replacement) pairs.</summary>
    public static TheoryData<string, DiagnosticSeverity, int, int, string> Cases() => new()
    {
        { "TLD0001", DiagnosticSeverity.Error, 6, 15, "6|  batch_size: 8: 9" },
        { "TLD0002", DiagnosticSeverity.Error, 6, 2, "6|  batch_sise: 8" },
        { "TLD0003", DiagnosticSeverity.Error, 9, 4, "12|" },
        { "TLD0004", DiagnosticSeverity.Error, 12, 12, "12|    epochs: \"2\"" },
        { "TLD0005", DiagnosticSeverity.Error, 12, 12, "12|    epochs: 0" },
        { "TLD0006", DiagnosticSeverity.Error, 10, 12, "10|    freeze: some" },
        { "TLD0007", DiagnosticSeverity.Error, 0, 12, "0|experiment: class" },
        { "TLD0008", DiagnosticSeverity.Error, 1, 16, "1|classes: [cats, Cats]" },
        { "TLD0009", DiagnosticSeverity.Error, 14, 21, "14|    freeze: { until: layer9 }" },
        { "TLD0010", DiagnosticSeverity.Error, 5, 14, "5|  image_size: [16, 96]" },
        { "TLD0011", DiagnosticSeverity.Warning, 14, 12, "10|    freeze: { until: layer4 }\n14|    freeze: all" },
        { "TLD0012", DiagnosticSeverity.Error, 0, 76, "0|experiment: " + new string('[', 100) },
        { "TLD0013", DiagnosticSeverity.Error, 1, 9, "1|classes: [cats]" },
        { "TLD0014", DiagnosticSeverity.Error, 7, 9, "7|extends: gone.tl.yaml" },
        { "TLD0015", DiagnosticSeverity.Error, 7, 9, "7|extends: ./rules.tl.yaml" },
        { "TLD0016", DiagnosticSeverity.Info, 0, 0, "0|seed: 1" },
        { "TLD0019", DiagnosticSeverity.Error, 6, 20, "6|  validation_split: 0.2" },
        { "TLD0020", DiagnosticSeverity.Error, 3, 2, "4|  test: data/test" },
        { "TLD0021", DiagnosticSeverity.Error, 6, 47, "6|  class_weights: { cats: 1.0, dogs: 2.0, cows: 3.0 }" },
        { "TLD0022", DiagnosticSeverity.Error, 7, 37, "7|backbone: { name: resnet18, weights: imagenet21k }" },
        { "TLD0018", DiagnosticSeverity.Error, 13, 113, "13|  - { name: tune, freeze: { until: layer3 }, optimizer: { sgd: { learning_rate: 1.0e-4 } }, epochs: 2, schedule: one_cycle, lr_mult: { layer3: 0.1 } }\n14|\n15|\n16|" },
    };

    /// <summary>Rules that need a second spec file; InheritanceTests asserts their ID, severity, file, line and column.</summary>
    private static readonly string[] MultiFileRules = ["TLD0017"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_is_reported_at_its_file_line_and_column(string id, DiagnosticSeverity severity, int line, int column, string edits)
    {
        var result = GeneratorRun.Run((Path, Edit(edits)));

        var diagnostic = Assert.Single(result.AllDiagnostics(), d => d.Id == id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(Path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    [Fact]
    public void Every_catalogue_rule_is_covered()
    {
        var covered = Cases().Select(row => (string)row[0]).Concat(MultiFileRules).ToHashSet();

        var missing = DiagnosticCatalog.All.Select(rule => rule.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "no case for " + string.Join(", ", missing));
    }

    private static string Edit(string edits)
    {
        var lines = Valid.Split('\n').ToList();
        foreach (var edit in edits.Split('\n'))
        {
            var cut = edit.IndexOf('|', StringComparison.Ordinal);
            lines[int.Parse(edit[..cut], System.Globalization.CultureInfo.InvariantCulture)] = edit[(cut + 1)..];
        }

        return string.Join('\n', lines);
    }
}
