using TLDeclarative.Runtime;

namespace TLDeclarative.Backbones;

/// <summary>
/// The two ONNX files of the ImageNet ResNet-18 that NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 ships, and where to find them.
/// </summary>
public sealed record ResNet18ModelFiles(string ModelPath, string PreprocessPath)
{
    /// <summary>Folder holding ResNet18.onnx and ResNetPreprocess.onnx (or the package's DnnImageModels layout).</summary>
    public const string EnvironmentVariable = "TLD_RESNET18_DIR";

    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.23.1";
    public const string ModelFileName = "ResNet18.onnx";
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    /// <summary>
    /// Looks in: <see cref="EnvironmentVariable"/> (when set, only there), the application folder's
    /// DnnImageModels, $NUGET_PACKAGES, ~/.nuget/packages. Throws naming every path tried.
    /// </summary>
    public static ResNet18ModelFiles Locate() =>
        Locate(Environment.GetEnvironmentVariable, AppContext.BaseDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static ResNet18ModelFiles Locate(Func<string, string?> environment, string baseDirectory, string? home)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(environment, baseDirectory, home))
        {
            tried.Add($"{candidate.ModelPath} + {candidate.PreprocessPath}");
            if (File.Exists(candidate.ModelPath) && File.Exists(candidate.PreprocessPath)) return candidate;
        }

        throw new FileNotFoundException(
            $"The ImageNet ResNet-18 files ({ModelFileName}, {PreprocessFileName}) were not found. Tried:{Environment.NewLine}"
            + string.Concat(tried.Select(t => $"  - {t}{Environment.NewLine}"))
            + $"Fix: run 'dotnet restore' on a project that references TLDeclarative, so that NuGet downloads package {PackageId} {PackageVersion} "
            + $"(TLDeclarative asks for it with <PackageDownload>), or set {EnvironmentVariable} to a folder holding "
            + $"{ModelFileName} and {PreprocessFileName} (or the package's tools/DnnImageModels folder).",
            ModelFileName);
    }

    private static IEnumerable<ResNet18ModelFiles> Candidates(Func<string, string?> environment, string baseDirectory, string? home)
    {
        var explicitDirectory = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            // An explicit setting is authoritative: silently using another copy would hide a mistake.
            yield return new ResNet18ModelFiles(Path.Combine(explicitDirectory, ModelFileName), Path.Combine(explicitDirectory, PreprocessFileName));
            yield return InDnnImageModels(explicitDirectory);
            yield return InDnnImageModels(Path.Combine(explicitDirectory, "DnnImageModels"));
            yield break;
        }

        yield return InDnnImageModels(Path.Combine(baseDirectory, "DnnImageModels"));
        foreach (var package in NuGetPackageFolders.Of(PackageId, PackageVersion, environment, home))
            yield return InDnnImageModels(Path.Combine(package, "tools", "DnnImageModels"));
    }

    private static ResNet18ModelFiles InDnnImageModels(string directory) => new(
        Path.Combine(directory, "ResNet18Onnx", ModelFileName),
        Path.Combine(directory, "ResNetPrepOnnx", PreprocessFileName));
}
