namespace TLDeclarative.Runtime;

/// <summary>
/// Where NuGet keeps a restored package on this machine, for the files we only download with
/// <c>&lt;PackageDownload&gt;</c> and read at run time (the ImageNet ResNet-18, all-MiniLM-L6-v2).
/// </summary>
internal static class NuGetPackageFolders
{
    /// <summary>
    /// The package's folder under <c>$NUGET_PACKAGES</c>, then under <c>~/.nuget/packages</c> (each once);
    /// NuGet names these folders in lower case.
    /// </summary>
    public static IEnumerable<string> Of(string packageId, string version, Func<string, string?> environment, string? home)
    {
        var roots = new[] { environment("NUGET_PACKAGES"), home is null ? null : Path.Combine(home, ".nuget", "packages") };
        return roots
            .Where(root => !string.IsNullOrWhiteSpace(root))
            .Distinct()
            .Select(root => Path.Combine(root!, packageId.ToLowerInvariant(), version));
    }
}
