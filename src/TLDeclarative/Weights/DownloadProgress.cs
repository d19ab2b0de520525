using System.Diagnostics;
using System.Globalization;

namespace TLDeclarative.Weights;

/// <summary>
/// Bytes and rate of one download: a bar redrawn in place on a terminal, plain lines (every 10%, or every
/// 16 MiB when the size is unknown) when the output is a file or a pipe.
/// </summary>
public sealed class DownloadProgress
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastReported = -1;
    private TimeSpan _lastDrawn;

    public DownloadProgress(TextWriter writer, bool interactive)
    {
        _writer = writer;
        _interactive = interactive;
    }

    /// <summary>To standard error; a bar when standard error is a terminal.</summary>
    public static DownloadProgress ToStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>Writes nothing (tests, quiet runs).</summary>
    public static DownloadProgress None => new(TextWriter.Null, false);

    public void Start(string fileName, Uri url, long resumedAt)
    {
        _clock.Restart();
        _lastReported = -1;
        _writer.WriteLine(resumedAt > 0
            ? $"Downloading {fileName} from {url} (resuming at {Size(resumedAt)})"
            : $"Downloading {fileName} from {url}");
    }

    public void Report(long received, long? total, long startedAt)
    {
        var rate = (received - startedAt) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var text = total is { } t
            ? $"{Percent(received, t)} {Size(received)} / {Size(t)}  {Size((long)rate)}/s"
            : $"{Size(received)}  {Size((long)rate)}/s";
        if (_interactive)
        {
            if (_clock.Elapsed - _lastDrawn < TimeSpan.FromMilliseconds(200) && received != total) return;
            _lastDrawn = _clock.Elapsed;
            _writer.Write("\r" + text.PadRight(60));
            return;
        }

        var step = total is { } size ? Math.Max(size / 10, 1) : 16L << 20;
        if (received / step == _lastReported / step && received != total) return;
        _lastReported = received;
        _writer.WriteLine("  " + text);
    }

    public void Retrying(int attempt, int attempts, string reason, TimeSpan delay) =>
        _writer.WriteLine($"{(_interactive ? Environment.NewLine : "")}Attempt {attempt} of {attempts} failed ({reason}); retrying in {delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");

    public void Done(string path, TimeSpan hashing)
    {
        if (_interactive) _writer.WriteLine();
        _writer.WriteLine($"Saved {path} (SHA-256 checked in {hashing.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
    }

    private static string Percent(long received, long total) =>
        (100.0 * received / Math.Max(total, 1)).ToString("0", CultureInfo.InvariantCulture).PadLeft(3) + "%";

    internal static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
}
