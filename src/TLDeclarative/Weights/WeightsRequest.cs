using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Weights;

/// <summary>
/// One weights file to resolve: where it comes from, the name it has in the cache, and the SHA-256 it
/// must have — the file name's prefix for torchvision's files, the full hash for a custom URL.
/// </summary>
/// <param name="Owner">What needs the file, for messages ("mobilenet_v2 IMAGENET1K_V2").</param>
/// <param name="FetchCommand">The command that prefetches it on a connected machine.</param>
public sealed record WeightsRequest(string Owner, string FileName, Uri Url, string ExpectedSha256, string FetchCommand)
{
    /// <summary>torchvision's file for <paramref name="weights"/>, from the environment's base URL.</summary>
    public static WeightsRequest Official(PretrainedWeights weights, WeightsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(environment);
        return new WeightsRequest($"{weights.Architecture} {weights.Name}", weights.FileName, environment.UrlOf(weights), weights.HashPrefix,
            $"tl weights fetch {weights.Architecture} --weights {weights.Name}");
    }

    /// <summary>A team's own file: <c>weights: { url: ..., sha256: ... }</c>; cached under the URL's last path segment.</summary>
    public static WeightsRequest Custom(string owner, Uri url, string sha256)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (sha256 is not { Length: 64 } || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException($"The SHA-256 of {url} must be 64 hex digits, got '{sha256}'.", nameof(sha256));
        var fileName = Path.GetFileName(url.AbsolutePath);
        if (string.IsNullOrEmpty(fileName))
            throw new ArgumentException($"{url} does not end with a file name.", nameof(url));
        return new WeightsRequest(owner, fileName, url, sha256.ToLowerInvariant(), $"tl weights fetch --url {url} --sha256 {sha256}");
    }

    /// <summary>True when <paramref name="actualSha256"/> (64 lower-case hex digits) is what this request expects.</summary>
    public bool Matches(string actualSha256) => actualSha256.StartsWith(ExpectedSha256, StringComparison.OrdinalIgnoreCase);
}
