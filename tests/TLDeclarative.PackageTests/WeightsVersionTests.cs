using System.Text.RegularExpressions;

namespace TLDeclarative.PackageTests;

/// <summary>
/// The ResNet-18 weights package version is written in five places (the run time's PackageDownload, the
/// central version list, the run time's lookup, and the package's two build files): they must agree, or
/// users would download one version while the run time looks for another.
/// </summary>
public sealed partial class WeightsVersionTests
{
    [Fact]
    public void Every_place_that_names_the_resnet18_weights_package_names_the_same_version()
    {
        var root = PackageFeed.RepositoryRoot();
        string Read(string path) => File.ReadAllText(Path.Combine(root, path));

        var versions = new Dictionary<string, string>
        {
            ["Directory.Packages.props"] = Single(CentralVersion(), Read("Directory.Packages.props")),
            ["TLDeclarative.csproj"] = Single(PackageDownload(), Read("src/TLDeclarative/TLDeclarative.csproj")),
            ["ResNet18ModelFiles.cs"] = Single(LookupVersion(), Read("src/TLDeclarative/Backbones/ResNet18ModelFiles.cs")),
            ["TLDeclarative.ResNet18.proj"] = Single(PackageDownload(), Read("src/TLDeclarative/build/TLDeclarative.ResNet18.proj")),
            ["TLDeclarative.targets"] = Single(CachePath(), Read("src/TLDeclarative/build/TLDeclarative.targets")),
        };

        Assert.True(versions.Values.Distinct().Count() == 1, string.Join(", ", versions.Select(v => $"{v.Key}: {v.Value}")));
    }

    private static string Single(Regex pattern, string text)
    {
        var matches = pattern.Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        return Assert.Single(matches);
    }

    [GeneratedRegex(@"<PackageVersion Include=""Microsoft\.ML\.DnnImageFeaturizer\.ResNet18"" Version=""([^""]+)""")]
    private static partial Regex CentralVersion();

    [GeneratedRegex(@"<PackageDownload Include=""Microsoft\.ML\.DnnImageFeaturizer\.ResNet18"" Version=""\[([^\]]+)\]""")]
    private static partial Regex PackageDownload();

    [GeneratedRegex(@"PackageVersion = ""([^""]+)""")]
    private static partial Regex LookupVersion();

    [GeneratedRegex(@"microsoft\.ml\.dnnimagefeaturizer\.resnet18/([^/]+)/")]
    private static partial Regex CachePath();
}
