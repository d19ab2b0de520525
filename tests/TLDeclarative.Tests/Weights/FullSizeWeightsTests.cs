using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tests.Support;
using TLDeclarative.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Weights;

/// <summary>
/// A full-size mobilenet_v2 state dict (random weights, 14 MB) written by PyTorch in both formats,
/// served by a loopback mirror under its hash-prefixed name, downloaded, verified, loaded: the features
/// must be PyTorch's own for the same input.
/// </summary>
public sealed class FullSizeWeightsTests(ITestOutputHelper output)
{
    private const string Script = """
        import torch, torchvision
        torch.manual_seed(0)
        model = torchvision.models.mobilenet_v2()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):  # running statistics that matter
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
        model.eval()
        x = torch.rand(2, 3, 96, 96)
        with torch.no_grad():
            features = model.features(x)
        torch.save(model.state_dict(), "legacy.pth", _use_new_zipfile_serialization=False)
        torch.save(model.state_dict(), "zip.pth")
        torch.save({"input": x, "features": features}, "expected.pt")
        """;

    [Fact]
    public void Both_formats_download_verify_and_give_pytorchs_features()
    {
        using var work = new TempFolder();
        using var cache = new TempFolder();
        using var server = new LoopbackHttpServer();
        PyTorchScript.Run(Script, work.Path);
        var expected = StateDictFile.Read(work.Combine("expected.pt"));
        var environment = new WeightsEnvironment(cache.Path, server.BaseUrl + "models/", Offline: false);

        foreach (var format in new[] { "legacy", "zip" })
        {
            var content = File.ReadAllBytes(work.Combine(format + ".pth"));
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            var entry = new PretrainedWeights("mobilenet_v2", "TEST_" + format, $"mobilenet_v2-{sha[..8]}.pth", false, 0, 0, WeightsFileFormat.Unknown, 0, 0);
            server.Files["/models/" + entry.FileName] = content;
            var resolver = new WeightsResolver(environment, new WeightsDownloader(DownloadProgress.None));

            var clock = Stopwatch.StartNew();
            var path = resolver.Resolve(entry);
            var download = clock.Elapsed;
            clock.Restart();
            resolver.Resolve(entry);
            var cached = clock.Elapsed;
            clock.Restart();
            VerifiedMarker.Sha256(path);
            var hashing = clock.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{format}: {content.Length} bytes; download + verify {download.TotalMilliseconds:0} ms, cached {cached.TotalMilliseconds:0.0} ms, SHA-256 alone {hashing.TotalMilliseconds:0} ms"));

            Assert.Equal(format == "legacy", LegacyTorchFile.IsLegacy(path));
            using var backbone = TorchVisionBackbone.Create("mobilenet_v2", path);
            backbone.eval();
            using var noGrad = no_grad();
            using var features = backbone.call(expected["input"]);
            var difference = (features - expected["features"]).abs().max().item<float>();
            Assert.True(difference < 1e-4, $"{format}: features differ from PyTorch's by {difference}");
        }

        Assert.Equal(2, server.Requests.Count);
        foreach (var tensor in expected.Values) tensor.Dispose();
    }
}
