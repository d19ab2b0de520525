using System.Globalization;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// Spec problems surface as TLD diagnostics at the YAML file's line and column, with the
/// catalogue's ID, severity and message. Roslyn positions are 0-based: line 5, column 2 in an
/// editor (and in MSBuild's "file(5,2)") is Line 4, Character 1 here.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Path = "/project/specs/broken.tl.yaml";

    // Each case changes one line of this valid spec; line numbers below are 0-based.
    private const string Valid = """
        experiment: Broken
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

    [Fact]
    public void Valid_spec_has_no_diagnostics()
    {
        var result = GeneratorRun.Run((Path, Valid));

        Assert.Empty(result.AllDiagnostics());
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void Unknown_key_suggests_the_nearest_known_key()
    {
        var diagnostic = SingleError(Valid.Replace("  batch_size: 8", "  batch_sise: 8"));

        AssertAt(diagnostic, "TLD0002", DiagnosticSeverity.Error, line: 6, column: 2);
        Assert.Equal("Unknown key 'batch_sise' in data (did you mean 'batch_size'?)", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Quoted_number_is_a_string_not_an_integer()
    {
        var diagnostic = SingleError(Valid.Replace("    epochs: 2\n  - name: tune", "    epochs: \"10\"\n  - name: tune"));

        AssertAt(diagnostic, "TLD0004", DiagnosticSeverity.Error, line: 12, column: 12);
        Assert.Contains("must be an integer", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_freeze_stage_lists_the_backbone_stages()
    {
        var diagnostic = SingleError(Valid.Replace("until: layer4", "until: layr4"));

        AssertAt(diagnostic, "TLD0009", DiagnosticSeverity.Error, line: 14, column: 21);
        Assert.Equal(
            "Backbone 'resnet18' has no stage 'layr4' (did you mean 'layer4'?); its stages are: stem, layer1, layer2, layer3, layer4",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Yaml_syntax_error_points_at_the_broken_line()
    {
        var diagnostic = SingleError(Valid.Replace("classes: [cats, dogs]", "classes: [cats, dogs"));

        // YamlDotNet notices the unclosed flow sequence inside it, on the same line.
        AssertAt(diagnostic, "TLD0001", DiagnosticSeverity.Error, line: 1, column: 14);
        Assert.StartsWith("YAML syntax error: ", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_key_points_at_the_mapping_that_lacks_it()
    {
        var diagnostic = SingleError(Valid.Replace("    freeze: all\n", string.Empty));

        AssertAt(diagnostic, "TLD0003", DiagnosticSeverity.Error, line: 9, column: 4);
        Assert.Equal("Missing required key 'freeze' in a phase", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Label", "the generated class uses this name")]
    [InlineData("TransferModel", "the generated class uses this name")]
    [InlineData("cats", "all-lowercase type names")]
    public void Experiment_name_the_generated_class_cannot_use_is_an_error(string name, string reason)
    {
        var diagnostic = SingleError(Valid.Replace("experiment: Broken", "experiment: " + name));

        AssertAt(diagnostic, "TLD0007", DiagnosticSeverity.Error, line: 0, column: 12);
        Assert.Contains(reason, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_is_reported_and_the_code_is_still_generated()
    {
        var spec = Valid.Replace("    freeze: all\n", "    freeze: none\n").Replace("freeze: { until: layer4 }", "freeze: all");

        var result = GeneratorRun.Run((Path, spec));

        var diagnostic = Assert.Single(result.AllDiagnostics());
        AssertAt(diagnostic, "TLD0011", DiagnosticSeverity.Warning, line: 14, column: 12);
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var spec = Valid.Replace("  batch_size: 8", "  batch_size: 0").Replace("learning_rate: 1.0e-3", "learning_rate: 5");

        var diagnostics = GeneratorRun.Run((Path, spec)).AllDiagnostics();

        Assert.Equal([("TLD0005", 6), ("TLD0005", 11)], diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)).Order());
    }

    [Fact]
    public void Same_experiment_in_two_files_is_generated_once_and_reported_at_the_second()
    {
        var result = GeneratorRun.Run(("/project/a.tl.yaml", Valid), ("/project/b.tl.yaml", Valid));

        var diagnostic = Assert.Single(result.AllDiagnostics());
        Assert.Equal("/project/b.tl.yaml", diagnostic.Location.GetLineSpan().Path);
        AssertAt(diagnostic, "TLD0008", DiagnosticSeverity.Error, line: 0, column: 12, path: "/project/b.tl.yaml");
        Assert.Equal("Experiment 'Broken' is declared more than once", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void Diagnostics_carry_the_catalogue_metadata()
    {
        var diagnostic = SingleError(Valid.Replace("  batch_size: 8", "  batch_sise: 8"));

        Assert.Equal("TLDeclarative", diagnostic.Descriptor.Category);
        Assert.Equal("Unknown key", diagnostic.Descriptor.Title.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("docs/diagnostics.md#tld0002", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Descriptor.DefaultSeverity);
    }

    [Fact]
    public void Text_spans_match_the_line_positions()
    {
        var spec = Valid.Replace("until: layer4", "until: layr4");

        var diagnostic = SingleError(spec);

        Assert.Equal("layr4", spec.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    private static Diagnostic SingleError(string spec)
    {
        var result = GeneratorRun.Run((Path, spec));
        Assert.Empty(result.GeneratedTrees);
        return Assert.Single(result.AllDiagnostics());
    }

    private static void AssertAt(Diagnostic diagnostic, string id, DiagnosticSeverity severity, int line, int column, string path = Path)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(
            (id, severity, path, line, column),
            (diagnostic.Id, diagnostic.Severity, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
    }
}
