using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>The generator does no work twice: unchanged specs are reused, edits re-run only what they touch.</summary>
public sealed class IncrementalTests
{
    private static readonly (string Path, string Text) CatsVsDogs = TestFiles.Spec("cats-vs-dogs");
    private static readonly (string Path, string Text) Flowers = TestFiles.Spec("flowers");

    [Fact]
    public void Second_run_on_the_same_input_reuses_everything()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, CatsVsDogs, Flowers).RunGenerators(compilation);

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];

        PipelineAssert.AllCachedOrUnchanged(second);
        PipelineAssert.HoldsOnlyPlainData(second);
    }

    [Fact]
    public void Unrelated_csharp_edit_reuses_everything()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, CatsVsDogs, Flowers).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Program { public static int Answer => 42; }", path: "Program.cs"));

        var second = driver.RunGenerators(edited).GetRunResult().Results[0];

        PipelineAssert.AllCachedOrUnchanged(second);
        Assert.Equal(2, second.GeneratedSources.Length);
    }

    [Fact]
    public void Editing_one_of_two_specs_regenerates_only_that_one()
    {
        var compilation = GeneratorRun.CreateCompilation();
        var oldFile = GeneratorRun.File(CatsVsDogs);
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, oldFile, GeneratorRun.File(Flowers)).RunGenerators(compilation);
        var flowersText = driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName == "Flowers.g.cs").SourceText;
        var newFile = GeneratorRun.File((CatsVsDogs.Path, CatsVsDogs.Text.Replace("seed: 42", "seed: 43", StringComparison.Ordinal)));

        var second = driver.ReplaceAdditionalText(oldFile, newFile).RunGenerators(compilation).GetRunResult().Results[0];

        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached], PipelineAssert.Reasons(second, TrackingNames.SpecFiles));
        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached], PipelineAssert.Reasons(second, TrackingNames.Experiments));
        var generated = second.GeneratedSources.ToDictionary(s => s.HintName);
        Assert.Contains("Seed = 43,", generated["CatsVsDogs.g.cs"].SourceText.ToString(), StringComparison.Ordinal);
        Assert.Same(flowersText, generated["Flowers.g.cs"].SourceText);
    }

    [Fact]
    public void Fixing_a_broken_spec_generates_its_code()
    {
        var broken = GeneratorRun.File((CatsVsDogs.Path, CatsVsDogs.Text.Replace("epochs: 3", "epochs: three", StringComparison.Ordinal)));
        var compilation = GeneratorRun.CreateCompilation();
        var driver = GeneratorRun.CreateDriver(GeneratorRun.RootNamespace, broken).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().GeneratedTrees);

        var fixedRun = driver
            .ReplaceAdditionalText(broken, GeneratorRun.File(CatsVsDogs))
            .RunGenerators(compilation)
            .GetRunResult();

        Assert.Empty(fixedRun.AllDiagnostics());
        Assert.Single(fixedRun.GeneratedTrees);
    }
}
