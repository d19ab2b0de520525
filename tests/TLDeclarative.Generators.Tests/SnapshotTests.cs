using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>The generated code itself, reviewed as text. See <see cref="Snapshot"/> for accepting changes.</summary>
public sealed class SnapshotTests
{
    // The example's snapshot uses its project's RootNamespace: it is the file examples/CatsVsDogs generates.
    [Theory]
    [InlineData("cats-vs-dogs", "CatsVsDogs", "CatsVsDogs")]
    [InlineData("flowers", "Flowers", GeneratorRun.RootNamespace)]
    [InlineData("fashion-sgd", "FashionFromScratch", GeneratorRun.RootNamespace)]
    [InlineData("odd-strings", "OddStrings", GeneratorRun.RootNamespace)]
    [InlineData("training-settings", "TrainingSettings", GeneratorRun.RootNamespace)]
    [InlineData("data-and-callbacks", "DataAndCallbacks", GeneratorRun.RootNamespace)]
    [InlineData("onnx-backbone", "OnnxBackbone", GeneratorRun.RootNamespace)]
    public void Generated_code_matches_the_snapshot(string spec, string experiment, string rootNamespace)
    {
        var result = GeneratorRun.Run(rootNamespace, TestFiles.Spec(spec));

        Assert.Empty(result.AllDiagnostics());
        var tree = Assert.Single(result.GeneratedTrees);
        Assert.EndsWith(experiment + ".g.cs", tree.FilePath, StringComparison.Ordinal);
        Snapshot.Verify(experiment, tree.GetText().ToString());
    }
}
