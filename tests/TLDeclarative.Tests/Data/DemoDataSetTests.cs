using System.Security.Cryptography;
using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

public sealed class DemoDataSetTests : IDisposable
{
    private static readonly string[] CatsAndDogs = ["cats", "dogs"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WritesTheRequestedCountsAndAReadme()
    {
        var written = DemoDataSet.Write(_temp.Path, CatsAndDogs, trainPerClass: 3, validationPerClass: 2, height: 24, width: 32, seed: 1);

        Assert.Equal(6, written.ImagesPerSplit["train"]);
        Assert.Equal(4, written.ImagesPerSplit["validation"]);
        Assert.Equal(3, ImageFolder.Scan(written.Split("train"), CatsAndDogs).Count(s => s.Label == 1));
        Assert.Equal(2, ImageFolder.Scan(written.Split("validation"), CatsAndDogs).Count(s => s.Label == 0));
        Assert.StartsWith("SYNTHETIC", File.ReadAllText(Path.Combine(_temp.Path, "README.txt")), StringComparison.Ordinal);

        using var cache = DecodedImages.Decode(ImageFolder.Scan(written.Split("train"), CatsAndDogs), 24, 32);
        Assert.Equal(new long[] { 6, 3, 24, 32 }, cache.Images.shape);
    }

    [Fact]
    public void TheSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot()
    {
        var first = Hashes(DemoDataSet.Write(_temp.Combine("a"), CatsAndDogs, 4, 2, 32, 32, seed: 5).Root);
        var again = Hashes(DemoDataSet.Write(_temp.Combine("b"), CatsAndDogs, 4, 2, 32, 32, seed: 5).Root);
        var other = Hashes(DemoDataSet.Write(_temp.Combine("c"), CatsAndDogs, 4, 2, 32, 32, seed: 6).Root);

        Assert.Equal(13, first.Count);
        Assert.Equal(first, again);
        var pngs = first.Keys.Where(k => k.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.All(pngs, k => Assert.NotEqual(first[k], other[k]));
    }

    [Fact]
    public void ClassesDifferInShapeNotInAverageColour()
    {
        // Shapes, not colours, carry the class: the mean colour of the two classes is about the same.
        var written = DemoDataSet.Write(_temp.Path, CatsAndDogs, trainPerClass: 40, validationPerClass: 1, height: 32, width: 32, seed: 3);
        using var cache = DecodedImages.Decode(ImageFolder.Scan(written.Split("train"), CatsAndDogs), 32, 32);
        using var pixels = cache.Images.to_type(TorchSharp.torch.ScalarType.Float32);

        var cats = pixels[..40].mean().item<float>();
        var dogs = pixels[40..].mean().item<float>();

        Assert.InRange(Math.Abs(cats - dogs), 0, 15);
    }

    [Fact]
    public void ExistingSplitFoldersAreKeptUnlessOverwriting()
    {
        DemoDataSet.Write(_temp.Path, CatsAndDogs, 1, 1, 16, 16, seed: 1);

        var error = Assert.Throws<DataSetException>(() => DemoDataSet.Write(_temp.Path, CatsAndDogs, 1, 1, 16, 16, seed: 1));
        Assert.Contains($"'{Path.Combine(_temp.Path, "train")}' already exists", error.Message, StringComparison.Ordinal);

        DemoDataSet.Write(_temp.Path, ["a", "b", "c"], 2, 1, 16, 16, seed: 1, overwrite: true);
        Assert.Equal(["a", "b", "c"], Directory.GetDirectories(_temp.Combine("train")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void TooManyClassesAreRejected()
    {
        var names = Enumerable.Range(0, DemoDataSet.MaxClasses + 1).Select(i => $"c{i}").ToArray();

        Assert.Throws<ArgumentException>(() => DemoDataSet.Write(_temp.Path, names, 1, 1, 16, 16));
    }

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
