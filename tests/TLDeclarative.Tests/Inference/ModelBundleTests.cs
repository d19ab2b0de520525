using TLDeclarative.Freezing;
using TLDeclarative.Inference;
using TLDeclarative.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Inference;

public sealed class ModelBundleTests
{
    [Fact]
    public void Save_then_load_gives_identical_predictions()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("Tiny.tlmodel");
        using var trained = TinyModels.TwoClass(seed: 1);
        // Move the BatchNorm running statistics away from their initial values, so the test sees them saved.
        trained.ApplyFreeze(FreezePolicy.None);
        trained.train();
        using (no_grad())
            trained.call(rand(8, 3, 32, 32)).Dispose();
        var manifest = new BundleManifest(BundleManifest.CurrentFormatVersion, "Tiny", ["cats", "dogs"], 32, 32, "Sigmoid", 3, 0.75, DateTimeOffset.UnixEpoch);

        ModelBundle.Save(path, trained, manifest, "experiment: Tiny\n");
        using var loaded = TinyModels.TwoClass(seed: 2);
        var loadedManifest = ModelBundle.LoadInto(path, loaded);

        using var images = rand(6, 3, 32, 32);
        trained.eval();
        loaded.eval();
        using var expected = trained.call(images);
        using var actual = loaded.call(images);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        Assert.Equal(manifest.Classes, loadedManifest.Classes);
        Assert.Equal(manifest with { Classes = loadedManifest.Classes }, loadedManifest);
        Assert.Equal("experiment: Tiny\n", ModelBundle.ReadSpecText(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_is_not_a_bundle_is_a_clear_error()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("broken.tlmodel");
        File.WriteAllText(path, "not a zip");

        var error = Assert.Throws<InvalidDataException>(() => ModelBundle.ReadManifest(path));

        Assert.Contains("is not a model bundle", error.Message, StringComparison.Ordinal);
        Assert.Contains("Train first", Assert.Throws<FileNotFoundException>(() => ModelBundle.ReadManifest(folder.Combine("missing.tlmodel"))).Message, StringComparison.Ordinal);
    }
}
