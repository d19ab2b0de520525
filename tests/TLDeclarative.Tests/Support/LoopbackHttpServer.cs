using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TLDeclarative.Tests.Support;

/// <summary>
/// A small HTTP/1.1 file server on 127.0.0.1 (a free port), started by a test and stopped on dispose:
/// serves <see cref="Files"/> by path, answers Range requests when <see cref="SupportsRanges"/>, and can
/// misbehave on purpose (drop the connection mid-body, send slowly) to test a downloader.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _accepting = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request as "GET /path" plus " range=N-" when it asked for a range.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public bool SupportsRanges { get; set; } = true;

    /// <summary>How many of the next responses close the connection after <see cref="DropAfterBytes"/> body bytes.</summary>
    public int DropsLeft { get; set; }

    public int DropAfterBytes { get; set; } = 1000;

    /// <summary>Pause after each 64 KiB of body, so that two clients overlap.</summary>
    public TimeSpan ChunkDelay { get; set; }

    public int CountFor(string path) => Requests.Count(r => r.StartsWith("GET " + path, StringComparison.Ordinal));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var lines = head.Split("\r\n");
                var path = lines[0].Split(' ')[1];
                var range = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase));
                long from = range is null ? 0 : long.Parse(range.Split('=')[1].TrimEnd('-'), CultureInfo.InvariantCulture);
                Requests.Enqueue($"GET {path}" + (range is null ? "" : $" range={from}-"));
                if (!Files.TryGetValue(path, out var content))
                {
                    await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }

                var partial = range is not null && SupportsRanges && from < content.Length;
                var start = partial ? from : 0;
                var status = partial ? "206 Partial Content" : "200 OK";
                var extra = partial ? $"Content-Range: bytes {start}-{content.Length - 1}/{content.Length}\r\n" : "";
                await WriteAsync(stream, $"HTTP/1.1 {status}\r\nContent-Length: {content.Length - start}\r\n{extra}Accept-Ranges: {(SupportsRanges ? "bytes" : "none")}\r\nConnection: close\r\n\r\n");
                var end = content.Length;
                if (DropsLeft > 0)
                {
                    DropsLeft--;
                    end = (int)Math.Min(end, start + DropAfterBytes);
                }

                for (var at = (int)start; at < end; at += 65536)
                {
                    await stream.WriteAsync(content.AsMemory(at, Math.Min(65536, end - at)));
                    if (ChunkDelay > TimeSpan.Zero) await Task.Delay(ChunkDelay);
                }

                if (end < content.Length) client.Client.LingerState = new LingerOption(true, 0); // reset: the body ends early
            }
            catch (IOException)
            {
                // the client went away
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
            head.Append((char)buffer[0]);
        return head.ToString();
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped while accepting
        }

        _stop.Dispose();
    }
}
