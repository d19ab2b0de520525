using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace TLDeclarative.Weights;

/// <summary>How many times and how patiently a download is tried.</summary>
/// <param name="Attempts">Tries in all; connection errors and truncated bodies are retried, wrong content is not.</param>
/// <param name="FirstDelay">Wait before the second try; doubled before each further one.</param>
public sealed record DownloadPolicy(int Attempts, TimeSpan FirstDelay)
{
    public static DownloadPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1));
}

/// <summary>
/// Downloads one file into the cache so that nothing half-written is ever used: bytes go to
/// <c>&lt;file&gt;.partial</c> beside the target (resumed with a Range request where the server allows),
/// the SHA-256 is checked, and only then the file is renamed into place. A lock file
/// (<c>&lt;file&gt;.lock</c>) serialises processes fetching the same file; the later one finds the
/// finished file. The proxy comes from the environment (HttpClient's default: http_proxy, https_proxy, no_proxy).
/// </summary>
public sealed class WeightsDownloader
{
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // large files on slow links; a stalled connection fails as an IOException
    };

    private readonly HttpClient _client;
    private readonly DownloadPolicy _policy;
    private readonly DownloadProgress _progress;

    public WeightsDownloader(DownloadProgress progress, DownloadPolicy? policy = null, HttpClient? client = null)
    {
        _progress = progress;
        _policy = policy ?? DownloadPolicy.Default;
        _client = client ?? SharedClient;
    }

    /// <summary>Downloads <paramref name="request"/> to <paramref name="target"/> unless another process already did.</summary>
    /// <exception cref="InvalidDataException">The content's SHA-256 is not the expected one (nothing is kept).</exception>
    /// <exception cref="HttpRequestException">Every attempt failed; the message says why.</exception>
    public async Task DownloadAsync(WeightsRequest request, string target, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        using var fileLock = await FileLock.AcquireAsync(target + ".lock", cancellation).ConfigureAwait(false);
        if (File.Exists(target) && VerifiedMarker.Recorded(target) is { } recorded && request.Matches(recorded))
            return; // another process finished it while this one waited for the lock

        var partial = target + ".partial";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FetchAsync(request, partial, cancellation).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (IsTransient(e) && attempt < _policy.Attempts && !cancellation.IsCancellationRequested)
            {
                var delay = _policy.FirstDelay * Math.Pow(2, attempt - 1);
                _progress.Retrying(attempt, _policy.Attempts, e.Message, delay);
                await Task.Delay(delay, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e))
            {
                throw new HttpRequestException($"Downloading {request.Url} failed {attempt} time(s); last error: {e.Message}", e);
            }
        }

        var clock = Stopwatch.StartNew();
        var actual = VerifiedMarker.Sha256(partial);
        if (!request.Matches(actual))
        {
            File.Delete(partial);
            throw new InvalidDataException(
                $"{request.Url} sent a file whose SHA-256 is {actual}, but {request.FileName} must have a SHA-256 starting with {request.ExpectedSha256}. "
                + "The file was deleted; nothing was cached. A mirror serving other content, a proxy rewriting it, or a wrong sha256 in the spec can cause this.");
        }

        File.Move(partial, target, overwrite: true);
        VerifiedMarker.Record(target, actual);
        _progress.Done(target, clock.Elapsed);
    }

    // Appends to the partial file; a server that answers a Range request with 200 sends everything again.
    private async Task FetchAsync(WeightsRequest request, string partial, CancellationToken cancellation)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
        if (have > 0) message.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(partial); // the partial file is not a prefix of this content
            throw new IOException($"{request.Url} refused to resume at byte {have}; starting again.");
        }

        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{request.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
        if (!resumed) have = 0;
        long? total = response.Content.Headers.ContentLength is { } length ? have + length : null;

        _progress.Start(request.FileName, request.Url, have);
        await using var output = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[1 << 20];
        var received = have;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
            received += read;
            _progress.Report(received, total, have);
        }

        if (total is { } expected && received != expected)
            throw new IOException($"{request.Url} ended after {received} of {expected} bytes.");
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException { StatusCode: null } => true,                      // connection refused, reset, DNS
        HttpRequestException { StatusCode: { } code } => (int)code >= 500 || code == HttpStatusCode.RequestTimeout || code == HttpStatusCode.TooManyRequests,
        IOException => true,                                                    // truncated body, reset mid-body
        TaskCanceledException or OperationCanceledException => false,
        _ => false,
    };
}
