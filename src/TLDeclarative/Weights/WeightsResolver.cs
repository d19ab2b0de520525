using TLDeclarative.Spec.Catalog;

namespace TLDeclarative.Weights;

/// <summary>
/// Finds a weights file at run time, never at build time: the cache (a file verified once, see
/// <see cref="VerifiedMarker"/>), else a download into the cache unless the environment is offline.
/// </summary>
public sealed class WeightsResolver
{
    private readonly WeightsEnvironment _environment;
    private readonly WeightsDownloader _downloader;

    public WeightsResolver(WeightsEnvironment environment, WeightsDownloader downloader)
    {
        _environment = environment;
        _downloader = downloader;
    }

    /// <summary>The process's environment, progress on standard error.</summary>
    public static WeightsResolver Default() => new(WeightsEnvironment.Current(), new WeightsDownloader(DownloadProgress.ToStandardError()));

    public WeightsEnvironment Environment => _environment;

    /// <summary>The cached path of torchvision's <paramref name="weights"/>, downloading it if needed.</summary>
    public string Resolve(PretrainedWeights weights) => Resolve(WeightsRequest.Official(weights, _environment));

    /// <inheritdoc cref="ResolveAsync"/>
    public string Resolve(WeightsRequest request) => ResolveAsync(request).GetAwaiter().GetResult();

    /// <summary>The cached path of <paramref name="request"/>'s file, downloading it if needed.</summary>
    /// <exception cref="WeightsUnavailableException">Offline or unreachable, with the URL, the cache folder and the prefetch command.</exception>
    /// <exception cref="InvalidDataException">The content's hash is not the expected one.</exception>
    public async Task<string> ResolveAsync(WeightsRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = Path.Combine(_environment.CacheFolder, request.FileName);
        if (File.Exists(target) && CachedFileIsGood(request, target))
            return target;
        if (_environment.Offline)
            throw Unavailable(request, $"{WeightsEnvironment.OfflineVariable}=1 forbids downloading");
        try
        {
            await _downloader.DownloadAsync(request, target, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(request, e.Message, e);
        }

        return target;
    }

    /// <summary>Checks a cached file against its hash: once, then its marker vouches for it. A bad file is deleted.</summary>
    /// <exception cref="InvalidDataException">The file is not what its name promises (deleted; the message says so).</exception>
    public static bool Verify(WeightsRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actual = VerifiedMarker.Recorded(path) ?? VerifiedMarker.HashAndRecord(path);
        if (request.Matches(actual)) return true;
        VerifiedMarker.Delete(path);
        return false;
    }

    private static bool CachedFileIsGood(WeightsRequest request, string target)
    {
        if (Verify(request, target)) return true;
        // Wrong bytes under a name that promises others (truncated copy, replaced file): fetch it again.
        File.Delete(target);
        return false;
    }

    private bool IsMirrored(WeightsRequest request) =>
        _environment.IsMirror && request.Url.AbsoluteUri.StartsWith(_environment.BaseUrl, StringComparison.Ordinal);

    private WeightsUnavailableException Unavailable(WeightsRequest request, string reason, Exception? inner = null) =>
        new($"The weights {request.FileName} for {request.Owner} are not in the cache and could not be downloaded ({reason.TrimEnd('.')}).{System.Environment.NewLine}"
            + $"  URL tried:    {request.Url}{(IsMirrored(request) ? $" (mirror from {WeightsEnvironment.MirrorVariable})" : "")}{System.Environment.NewLine}"
            + $"  cache folder: {_environment.CacheFolder}{System.Environment.NewLine}"
            + $"Fix: on a machine that can reach it, run '{request.FetchCommand}' and copy the file into the cache folder here "
            + $"(or point {WeightsEnvironment.MirrorVariable} at a server that has it).", inner);
}

/// <summary>Weights that are neither cached nor downloadable here.</summary>
public sealed class WeightsUnavailableException : IOException
{
    public WeightsUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
