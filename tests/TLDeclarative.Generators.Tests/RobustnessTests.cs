using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>A generator never throws: hostile spec files become TLD diagnostics, never a generator failure.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string> HostileSpecs() => new()
    {
        { "empty", string.Empty },
        { "binary garbage", new string(Enumerable.Range(0, 4096).Select(i => (char)((i * 7919) % 0xD7FF)).ToArray()) },
        { "nul bytes", "experiment: A\0\0\0\nclasses: [\0]" },
        { "a scalar", "just some text" },
        { "a list", "- experiment: CatsVsDogs" },
        { "deep flow nesting", new string('[', 100_000) + new string(']', 100_000) },
        { "deep block nesting", string.Concat(Enumerable.Range(0, 600).Select(i => new string(' ', i) + "k:\n")) },
        { "nested block sequences on one line", string.Concat(Enumerable.Repeat("- ", 20_000)) + "x" },
        { "too large", "# " + new string('x', 300_000) },
        { "huge integer", Spec("epochs: 99999999999999999999999999") },
        { "huge number", Spec("epochs: 3", learningRate: "1e400") },
        { "negative epochs", Spec("epochs: -2147483648") },
        { "type tags", Spec("epochs: !!int 3") },
        { "anchors and aliases", Spec("epochs: 3").Replace("classes: [cats, dogs]", "classes: &c [cats, dogs]\noutput: *c") },
        { "two documents", Spec("epochs: 3") + "\n---\n" + Spec("epochs: 3") },
        { "tab indentation", Spec("epochs: 3").Replace("  - name: only", "\t- name: only") },
    };

    [Theory]
    [MemberData(nameof(HostileSpecs))]
    public void Hostile_input_becomes_diagnostics_not_a_crash(string description, string text)
    {
        var result = GeneratorRun.Run(("/project/hostile.tl.yaml", text));

        Assert.Null(result.Results[0].Exception);
        var diagnostics = result.AllDiagnostics();
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785" or "AD0001" or "TLD9999");
        Assert.True(diagnostics.Any(d => d.Id.StartsWith("TLD", StringComparison.Ordinal)), description + ": no TLD diagnostic");
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Line_and_column_of_a_hostile_file_stay_inside_it()
    {
        var text = new string('[', 100_000);

        var diagnostic = Assert.Single(GeneratorRun.Run(("/project/hostile.tl.yaml", text)).AllDiagnostics());

        Assert.Equal("TLD0012", diagnostic.Id);
        Assert.InRange(diagnostic.Location.SourceSpan.End, 0, text.Length);
    }

    [Fact]
    public void Exception_while_reading_becomes_an_internal_error_at_the_file()
    {
        var result = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, new ThrowingFile("/project/bad.tl.yaml"))
            .RunGenerators(GeneratorRun.CreateCompilation())
            .GetRunResult();

        Assert.Null(result.Results[0].Exception);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("TLD9999", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal("/project/bad.tl.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("InvalidDataException: disk on fire", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_file_is_an_internal_error_at_the_file()
    {
        var result = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, new ThrowingFile("/project/gone.tl.yaml", text: null))
            .RunGenerators(GeneratorRun.CreateCompilation())
            .GetRunResult();

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TLD9999", diagnostic.Id);
        Assert.Contains("could not be read", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_without_the_spec_extension_are_ignored()
    {
        var result = GeneratorRun.Run(("/project/notes.yaml", "not: [a spec"), ("/project/readme.md", "# hi"));

        Assert.Empty(result.AllDiagnostics());
        Assert.Empty(result.GeneratedTrees);
    }

    private sealed class ThrowingFile(string path, string? text = "") : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) =>
            text is null ? null : throw new InvalidDataException("disk on fire");
    }

    private static string Spec(string epochsLine, string learningRate = "1.0e-4") => $"""
        experiment: Hostile
        classes: [cats, dogs]
        data: {"{"} train: t, validation: v, image_size: 64 {"}"}
        backbone: {"{"} name: resnet18 {"}"}
        phases:
          - name: only
            freeze: all
            optimizer: {"{"} adam: {"{"} learning_rate: {learningRate} {"}"} {"}"}
            {epochsLine}
        """;
}
