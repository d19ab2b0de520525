using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Weights;

/// <summary>
/// What the environment says about fetching weights: the cache folder, <c>TL_WEIGHTS_MIRROR</c> (a base
/// URL replacing torchvision's, for corporate mirrors and air-gapped networks) and <c>TL_OFFLINE=1</c>
/// (never touch the network).
/// </summary>
public sealed record WeightsEnvironment(string CacheFolder, string BaseUrl, bool Offline)
{
    public const string MirrorVariable = "TL_WEIGHTS_MIRROR";
    public const string OfflineVariable = "TL_OFFLINE";

    /// <summary>True when <see cref="BaseUrl"/> came from <see cref="MirrorVariable"/>.</summary>
    public bool IsMirror => !string.Equals(BaseUrl, PretrainedWeightsTable.BaseUrl, StringComparison.Ordinal);

    public static WeightsEnvironment Current() =>
        From(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static WeightsEnvironment From(Func<string, string?> environment, string home)
    {
        var mirror = environment(MirrorVariable);
        var baseUrl = string.IsNullOrWhiteSpace(mirror) ? PretrainedWeightsTable.BaseUrl : mirror.TrimEnd('/') + "/";
        var offline = environment(OfflineVariable) is "1" or "true" or "yes";
        return new WeightsEnvironment(WeightsCache.Folder(environment, home), baseUrl, offline);
    }

    /// <summary>Where <paramref name="weights"/> is fetched from here: the mirror's URL when one is set.</summary>
    public Uri UrlOf(PretrainedWeights weights) => new(BaseUrl + weights.FileName);
}
