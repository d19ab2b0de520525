using System.CommandLine;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tool.Weights;
using TLDeclarative.Weights;

namespace TLDeclarative.Tool.Tests;

/// <summary><c>tl weights</c> against a temp cache folder; no network (offline, or nothing to fetch).</summary>
public sealed class WeightsCommandTests : IDisposable
{
    private readonly ToolRun _run = new();

    private string Cache => Path.Combine(_run.Folder, "cache");

    private (int ExitCode, string Output, string Error) Weights(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new WeightsEnvironment(Cache, PretrainedWeightsTable.BaseUrl, Offline: true);
        var root = new RootCommand { WeightsCommand.Create(output, error, () => environment) };
        var exitCode = root.Parse(["weights", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void List_shows_every_official_file_and_whether_it_is_cached()
    {
        Directory.CreateDirectory(Cache);
        File.WriteAllText(Path.Combine(Cache, "vgg16-397923af.pth"), "x");

        var (exitCode, output, _) = Weights("list");

        Assert.Equal(0, exitCode);
        Assert.Contains("mobilenet_v2        IMAGENET1K_V2 (imagenet)  72.154  zip     mobilenet_v2-7ebf99e0.pth          no", output, StringComparison.Ordinal);
        Assert.Contains("vgg16               IMAGENET1K_V1 (imagenet)  71.592  legacy  vgg16-397923af.pth                 yes", output, StringComparison.Ordinal);
        Assert.Contains("resnet18            IMAGENET1K_V1             69.758", output, StringComparison.Ordinal); // imagenet is the embedded network
        Assert.Equal(PretrainedWeightsTable.All.Count, output.Split('\n').Count(l => l.Contains(".pth", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fetch_takes_the_weights_a_spec_folder_names()
    {
        _run.Write("specs/mobile.tl.yaml", Specs.WithLine(5, "backbone: { name: mobilenet_v2, weights: imagenet }").Replace("until: layer4", "until: block4", StringComparison.Ordinal));
        _run.Write("specs/embedded.tl.yaml", Specs.Valid);

        var (exitCode, _, error) = Weights("fetch", Path.Combine(_run.Folder, "specs"));

        Assert.Equal(1, exitCode);
        Assert.Contains("The weights mobilenet_v2-7ebf99e0.pth for mobilenet_v2 IMAGENET1K_V2 are not in the cache", error, StringComparison.Ordinal);
        Assert.DoesNotContain("resnet18", error, StringComparison.Ordinal); // the embedded ResNet-18 needs no download
    }

    [Fact]
    public void Fetch_refuses_unknown_names_before_any_download()
    {
        var (exitCode, _, error) = Weights("fetch", "mobilenet_v2", "--weights", "IMAGENET1K_V3");

        Assert.Equal(2, exitCode);
        Assert.Contains("mobilenet_v2 has no official weights 'IMAGENET1K_V3'; known: imagenet, IMAGENET1K_V1, IMAGENET1K_V2.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_hashes_cached_files_and_names_a_bad_one()
    {
        Directory.CreateDirectory(Cache);
        File.WriteAllText(Path.Combine(Cache, "resnet18-f37072fd.pth"), "not the weights");

        var (exitCode, output, error) = Weights("verify");

        Assert.Equal(1, exitCode);
        Assert.Contains("1 cached file(s) checked", output, StringComparison.Ordinal);
        Assert.Contains("but the name promises one starting with f37072fd. Delete it and run 'tl weights fetch resnet18 --weights IMAGENET1K_V1'.", error, StringComparison.Ordinal);
    }

    public void Dispose() => _run.Dispose();
}
