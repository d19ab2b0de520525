using System.Globalization;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// <c>extends</c> through the generator: bases are not generated, diagnostics land in the file where
/// the value is written, and editing a base re-emits exactly the experiments that extend it.
/// </summary>
public sealed class InheritanceTests
{
    private const string BasePath = "/project/specs/base.tl.yaml";
    private const string CatsPath = "/project/specs/cats.tl.yaml";
    private const string DogsPath = "/project/specs/more/dogs.tl.yaml";

    // Line numbers (0-based, as Roslyn counts) are referred to below.
    private const string Base = """
        classes: [cats, dogs]
        data:
          train: data/train
          validation: data/validation
          image_size: [96, 96]
        backbone: { name: resnet18, weights: imagenet }
        phases:
          - name: head
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-3 } }
            epochs: 2
        """;

    private const string Cats = """
        extends: base.tl.yaml
        experiment: Cats
        seed: 1
        """;

    private const string Dogs = """
        experiment: Dogs
        extends: ../base.tl.yaml
        data: { batch_size: 4 }
        """;

    private static readonly (string Path, string Text) Flowers = TestFiles.Spec("flowers");

    [Fact]
    public void Experiments_extending_a_base_are_generated_and_the_base_is_not()
    {
        var result = GeneratorRun.Run((BasePath, Base), (CatsPath, Cats), (DogsPath, Dogs));

        Assert.Equal(["Cats.g.cs", "Dogs.g.cs"], result.Results[0].GeneratedSources.Select(s => s.HintName).Order());
        var info = Assert.Single(result.AllDiagnostics());
        AssertAt(info, "TLD0016", DiagnosticSeverity.Info, BasePath, 0, 0);
        var dogs = result.Results[0].GeneratedSources.Single(s => s.HintName == "Dogs.g.cs").SourceText.ToString();
        Assert.Contains("BatchSize: 4)", dogs, StringComparison.Ordinal);
        Assert.Contains("\"# dogs.tl.yaml merged with its base specs: base.tl.yaml\\n\"", dogs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_with_a_merged_value_is_reported_in_the_base_file()
    {
        var result = GeneratorRun.Run((BasePath, Base.Replace("epochs: 2", "epochs: 0", StringComparison.Ordinal)), (CatsPath, Cats));

        var error = Assert.Single(result.AllDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        AssertAt(error, "TLD0005", DiagnosticSeverity.Error, BasePath, 10, 12);
        Assert.EndsWith("(in the spec merged into cats.tl.yaml)", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void A_base_with_errors_reports_them_once_in_its_own_file_and_once_per_extending_spec()
    {
        var result = GeneratorRun.Run((BasePath, Base.Replace("image_size", "image_sise", StringComparison.Ordinal)), (CatsPath, Cats), (DogsPath, Dogs));

        var diagnostics = result.AllDiagnostics();
        AssertAt(Assert.Single(diagnostics, d => d.Id == "TLD0002"), "TLD0002", DiagnosticSeverity.Error, BasePath, 4, 2);
        var atCats = Assert.Single(diagnostics, d => d.Id == "TLD0017" && d.Location.GetLineSpan().Path == CatsPath);
        AssertAt(atCats, "TLD0017", DiagnosticSeverity.Error, CatsPath, 0, 9);
        Assert.Contains("base.tl.yaml(5,3): TLD0002: Unknown key 'image_sise' in data", atCats.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        AssertAt(Assert.Single(diagnostics, d => d.Id == "TLD0017" && d.Location.GetLineSpan().Path == DogsPath), "TLD0017", DiagnosticSeverity.Error, DogsPath, 1, 9);
        Assert.Equal(4, diagnostics.Length); // and the base's TLD0016
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Missing_base_is_reported_at_the_extends_value()
    {
        var result = GeneratorRun.Run((CatsPath, Cats.Replace("base.tl.yaml", "bases/base.tl.yaml", StringComparison.Ordinal)), (BasePath, Base));

        var error = Assert.Single(result.AllDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        AssertAt(error, "TLD0014", DiagnosticSeverity.Error, CatsPath, 0, 9);
        Assert.StartsWith("Base spec 'bases/base.tl.yaml' not found: no spec file /project/specs/bases/base.tl.yaml", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_is_reported_at_each_extends_in_it()
    {
        var result = GeneratorRun.Run(("/project/a.tl.yaml", "experiment: A\nextends: b.tl.yaml\n"), ("/project/b.tl.yaml", "extends: a.tl.yaml\n"));

        var errors = result.AllDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ToList();
        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], "TLD0015", DiagnosticSeverity.Error, "/project/a.tl.yaml", 1, 9);
        AssertAt(errors[1], "TLD0015", DiagnosticSeverity.Error, "/project/b.tl.yaml", 0, 9);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Editing_an_unrelated_spec_leaves_the_extending_experiments_alone()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var flowers = GeneratorRun.File(Flowers);
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, GeneratorRun.File((BasePath, Base)), GeneratorRun.File((CatsPath, Cats)), flowers)
            .RunGenerators(compilation);
        var catsText = SourceOf(driver, "Cats.g.cs");
        var edited = GeneratorRun.File((Flowers.Path, Flowers.Text.Replace("seed: 7", "seed: 8", StringComparison.Ordinal)));

        var second = driver.ReplaceAdditionalText(flowers, edited).RunGenerators(compilation).GetRunResult().Results[0];

        // Only flowers is read again; the others' inputs are recomputed (the set of texts changed) but equal.
        Assert.Equal(["Cached base", "Cached cats", "Modified flowers"], Reasons(second, TrackingNames.SpecTexts));
        Assert.Equal(["Modified flowers", "Unchanged base", "Unchanged cats"], Reasons(second, TrackingNames.SpecInputs));
        Assert.Equal(["Cached base", "Cached cats", "Modified flowers"], Reasons(second, TrackingNames.SpecFiles));
        Assert.Same(catsText, second.GeneratedSources.Single(s => s.HintName == "Cats.g.cs").SourceText);
    }

    [Fact]
    public void Editing_a_base_regenerates_the_experiments_that_extend_it()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var baseFile = GeneratorRun.File((BasePath, Base));
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, baseFile, GeneratorRun.File((CatsPath, Cats)), GeneratorRun.File((DogsPath, Dogs)), GeneratorRun.File(Flowers))
            .RunGenerators(compilation);
        var flowersText = SourceOf(driver, "Flowers.g.cs");
        var edited = GeneratorRun.File((BasePath, Base.Replace("epochs: 2", "epochs: 7", StringComparison.Ordinal)));

        var second = driver.ReplaceAdditionalText(baseFile, edited).RunGenerators(compilation).GetRunResult().Results[0];

        Assert.Equal(["Cached flowers", "Modified cats", "Modified dogs", "Unchanged base"], Reasons(second, TrackingNames.SpecFiles));
        var generated = second.GeneratedSources.ToDictionary(s => s.HintName);
        Assert.Contains("LastEpoch: 7", generated["Cats.g.cs"].SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains("LastEpoch: 7", generated["Dogs.g.cs"].SourceText.ToString(), StringComparison.Ordinal);
        Assert.Same(flowersText, generated["Flowers.g.cs"].SourceText);
    }

    [Fact]
    public void Second_run_with_bases_reuses_everything()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, (BasePath, Base), (CatsPath, Cats), (DogsPath, Dogs)).RunGenerators(compilation);

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];

        PipelineAssert.AllCachedOrUnchanged(second);
        PipelineAssert.HoldsOnlyPlainData(second);
    }

    /// <summary>"Reason file" for each output of a tracked step, sorted: the driver lists modified inputs first.</summary>
    private static string[] Reasons(GeneratorRunResult result, string step) => result.TrackedSteps[step]
        .SelectMany(s => s.Outputs.Select(o => o.Reason + " " + FileOf(s, o.Value)))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static string FileOf(IncrementalGeneratorRunStep step, object value) => value switch
    {
        Models.SpecFileText text => Name(text.Path),
        Models.SpecInput input => Name(input.File.Path),
        _ => step.Inputs.Select(i => FileOf(i.Source, i.Source.Outputs[i.OutputIndex].Value)).First(),
    };

    private static string Name(string path) => System.IO.Path.GetFileName(path).Replace(".tl.yaml", string.Empty, StringComparison.Ordinal);

    public static TheoryData<string, string, string> HostileBases() => new()
    {
        { "long path", "extends: " + string.Concat(Enumerable.Repeat("../", 5000)) + "x.tl.yaml", Base },
        { "nul in path", "extends: \"base\\0.tl.yaml\"", Base },
        { "tagged", "extends: !!str base.tl.yaml", Base },
        { "mapping", "extends: { path: base.tl.yaml }", Base },
        { "empty base", "extends: base.tl.yaml", string.Empty },
        { "garbage base", "extends: base.tl.yaml", new string(Enumerable.Range(0, 2048).Select(i => (char)((i * 7919) % 0xD7FF)).ToArray()) },
        { "deep base", "extends: base.tl.yaml", new string('[', 100_000) },
        { "list base", "extends: base.tl.yaml", "- a\n- b" },
        { "base extends garbage", "extends: base.tl.yaml", "extends: [[[" },
    };

    [Theory]
    [MemberData(nameof(HostileBases))]
    public void Hostile_extends_become_diagnostics_not_a_crash(string description, string extendsLine, string baseText)
    {
        var result = GeneratorRun.Run((CatsPath, "experiment: Cats\n" + extendsLine + "\n"), (BasePath, baseText));

        Assert.Null(result.Results[0].Exception);
        var diagnostics = result.AllDiagnostics();
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785" or "AD0001" or "TLD9999");
        Assert.True(diagnostics.Any(d => d.Id.StartsWith("TLD", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == CatsPath), description);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Extends_paths_may_use_either_separator()
    {
        var result = GeneratorRun.Run((@"C:\project\specs\more\dogs.tl.yaml", Dogs.Replace("../", "..\\", StringComparison.Ordinal)), (@"C:\project\specs\base.tl.yaml", Base));

        Assert.Equal(["Dogs.g.cs"], result.Results[0].GeneratedSources.Select(s => s.HintName));
    }

    private static Microsoft.CodeAnalysis.Text.SourceText SourceOf(GeneratorDriver driver, string hintName) =>
        driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName == hintName).SourceText;

    private static void AssertAt(Diagnostic diagnostic, string id, DiagnosticSeverity severity, string path, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(
            (id, severity, path, line, column),
            (diagnostic.Id, diagnostic.Severity, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
    }
}
