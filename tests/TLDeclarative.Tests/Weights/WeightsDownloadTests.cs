using System.Security.Cryptography;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tests.Support;
using TLDeclarative.Weights;

namespace TLDeclarative.Tests.Weights;

/// <summary>
/// Download, verify and cache against a loopback server laid out like download.pytorch.org/models,
/// reached through a mirror base URL. The served file is a real PyTorch file (Fixtures/tiny-zip.pth);
/// its name carries its own hash prefix, as torchvision's names do, in a test-only table entry.
/// </summary>
public sealed class WeightsDownloadTests : IDisposable
{
    private static readonly DownloadPolicy Quick = new(3, TimeSpan.FromMilliseconds(10));
    private readonly LoopbackHttpServer _server = new();
    private readonly TempFolder _cache = new();
    private readonly byte[] _content = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Weights", "Fixtures", "tiny-zip.pth"));
    private readonly PretrainedWeights _entry;

    public WeightsDownloadTests()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(_content));
        _entry = new PretrainedWeights("mobilenet_v2", "TEST_V1", $"tiny-{sha[..8]}.pth", false, 0, 0, WeightsFileFormat.Zip, 0, 0);
    }

    private string ServedPath => "/models/" + _entry.FileName;

    private WeightsEnvironment Environment(bool offline = false) => new(_cache.Path, _server.BaseUrl + "models/", offline);

    private WeightsResolver Resolver(bool offline = false) => new(Environment(offline), new WeightsDownloader(DownloadProgress.None, Quick));

    [Fact]
    public void A_download_is_verified_cached_and_then_reused_without_a_request()
    {
        _server.Files[ServedPath] = _content;

        var first = Resolver().Resolve(_entry);
        var second = Resolver().Resolve(_entry);

        Assert.Equal(Path.Combine(_cache.Path, _entry.FileName), first);
        Assert.Equal(first, second);
        Assert.Equal(_content, File.ReadAllBytes(first));
        Assert.Equal(1, _server.CountFor(ServedPath));
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(_content)), File.ReadAllText(first + ".verified"), StringComparison.Ordinal);
        Assert.False(File.Exists(first + ".partial"));
    }

    [Fact]
    public void Content_with_another_hash_is_refused_and_nothing_is_cached()
    {
        var other = _content.ToArray();
        other[^1] ^= 0xFF;
        _server.Files[ServedPath] = other;

        var error = Assert.Throws<InvalidDataException>(() => Resolver().Resolve(_entry));

        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(other)), error.Message, StringComparison.Ordinal);
        Assert.Contains("starting with " + _entry.HashPrefix, error.Message, StringComparison.Ordinal);
        Assert.Equal([_entry.FileName + ".lock"], Directory.GetFiles(_cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_dropped_connection_is_resumed_with_a_range_request()
    {
        _server.Files[ServedPath] = _content;
        _server.DropsLeft = 1;
        _server.DropAfterBytes = 700;

        var path = Resolver().Resolve(_entry);

        Assert.Equal(_content, File.ReadAllBytes(path));
        Assert.Contains($"GET {ServedPath} range=700-", _server.Requests);
    }

    [Fact]
    public void A_connection_that_keeps_dropping_ends_in_a_clear_error_and_no_file()
    {
        _server.Files[ServedPath] = _content;
        _server.SupportsRanges = false;
        _server.DropsLeft = int.MaxValue;

        var error = Assert.Throws<WeightsUnavailableException>(() => Resolver().Resolve(_entry));

        Assert.Equal(Quick.Attempts, _server.CountFor(ServedPath));
        Assert.Contains(_server.BaseUrl + "models/" + _entry.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("failed 3 time(s)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cache.Path, _entry.FileName)));
    }

    [Fact]
    public async Task Two_concurrent_fetches_end_with_one_good_file_and_one_download()
    {
        _server.Files[ServedPath] = _content;
        _server.ChunkDelay = TimeSpan.FromMilliseconds(300);
        var request = WeightsRequest.Official(_entry, Environment());

        var both = await Task.WhenAll(
            Task.Run(() => Resolver().ResolveAsync(request)),
            Task.Run(() => Resolver().ResolveAsync(request)));

        Assert.Equal(both[0], both[1]);
        Assert.Equal(_content, File.ReadAllBytes(both[0]));
        Assert.True(1 == _server.CountFor(ServedPath), string.Join("; ", _server.Requests));
    }

    [Fact]
    public void Offline_with_an_empty_cache_names_the_file_url_cache_and_prefetch_command()
    {
        var official = PretrainedWeightsTable.Find("mobilenet_v2", "imagenet")!;

        var error = Assert.Throws<WeightsUnavailableException>(() => Resolver(offline: true).Resolve(official));

        Assert.Equal(
            $"The weights mobilenet_v2-7ebf99e0.pth for mobilenet_v2 IMAGENET1K_V2 are not in the cache and could not be downloaded (TL_OFFLINE=1 forbids downloading).{System.Environment.NewLine}"
            + $"  URL tried:    {_server.BaseUrl}models/mobilenet_v2-7ebf99e0.pth (mirror from TL_WEIGHTS_MIRROR){System.Environment.NewLine}"
            + $"  cache folder: {_cache.Path}{System.Environment.NewLine}"
            + "Fix: on a machine that can reach it, run 'tl weights fetch mobilenet_v2 --weights IMAGENET1K_V2' and copy the file into the cache folder here "
            + "(or point TL_WEIGHTS_MIRROR at a server that has it).",
            error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void A_custom_url_needs_the_full_hash()
    {
        _server.Files["/store/team-weights.pth"] = _content;
        var sha = Convert.ToHexStringLower(SHA256.HashData(_content));
        var url = new Uri(_server.BaseUrl + "store/team-weights.pth");

        var path = Resolver().Resolve(WeightsRequest.Custom("mobilenet_v2", url, sha));
        var wrong = WeightsRequest.Custom("mobilenet_v2", url, sha[..63] + (sha[63] == '0' ? "1" : "0"));

        Assert.Equal(Path.Combine(_cache.Path, "team-weights.pth"), path);
        Assert.Equal(_content, File.ReadAllBytes(path));
        File.Delete(path);
        Assert.Throws<InvalidDataException>(() => Resolver().Resolve(wrong));
        Assert.Throws<ArgumentException>(() => WeightsRequest.Custom("mobilenet_v2", url, sha[..8]));
    }

    [Fact]
    public void A_verified_cached_file_is_not_hashed_again()
    {
        _server.Files[ServedPath] = _content;
        var path = Resolver().Resolve(_entry);
        // Same size and time, other bytes: only a re-hash could notice, and the marker says it was hashed.
        var stamp = File.GetLastWriteTimeUtc(path);
        var changed = _content.ToArray();
        changed[^1] ^= 0xFF;
        File.WriteAllBytes(path, changed);
        File.SetLastWriteTimeUtc(path, stamp);

        Resolver().Resolve(_entry);

        Assert.Equal(changed, File.ReadAllBytes(path));
        Assert.Equal(1, _server.CountFor(ServedPath));
    }

    [Fact]
    public void A_cached_file_changed_since_it_was_verified_is_fetched_again()
    {
        _server.Files[ServedPath] = _content;
        var path = Resolver().Resolve(_entry);
        File.WriteAllBytes(path, _content[..100]); // truncated behind our back: other size, other time

        Resolver().Resolve(_entry);

        Assert.Equal(_content, File.ReadAllBytes(path));
        Assert.Equal(2, _server.CountFor(ServedPath));
    }

    [Fact]
    public void The_cache_folder_follows_torch_hub()
    {
        Assert.Equal("/t/hub/checkpoints", WeightsCache.Folder(v => v == "TORCH_HOME" ? "/t" : null, "/home/u"));
        Assert.Equal("/x/torch/hub/checkpoints", WeightsCache.Folder(v => v == "XDG_CACHE_HOME" ? "/x" : null, "/home/u"));
        Assert.Equal("/home/u/.cache/torch/hub/checkpoints", WeightsCache.Folder(_ => null, "/home/u"));
    }

    public void Dispose()
    {
        _server.Dispose();
        _cache.Dispose();
    }
}
