using SkiaSharp;
using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

/// <summary>Unreadable files are all found while decoding, before any epoch, and fail or are skipped as the policy says.</summary>
public sealed class CorruptFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ImageSample[] _samples;
    private readonly string[] _bad;

    public CorruptFileTests()
    {
        var good0 = TestImages.WriteSolid(_temp.Combine("good0.png"), 8, 8, new SKColor(10, 10, 10));
        var good1 = TestImages.WriteSolid(_temp.Combine("good1.png"), 8, 8, new SKColor(200, 200, 200));
        var empty = _temp.Combine("empty.png");
        File.WriteAllBytes(empty, []);
        var text = _temp.Combine("notes.jpg");
        File.WriteAllText(text, "this is not an image");
        var truncatedPng = Truncated(good0, "truncated.png");
        using var bitmap = TestImages.Rgb(64, 64, (x, y) => new SKColor((byte)(x * 4), (byte)(y * 4), 128));
        var jpeg = TestImages.Write(bitmap, _temp.Combine("full.jpg"), SKEncodedImageFormat.Jpeg, 90);
        var truncatedJpeg = Truncated(jpeg, "truncated.jpg");
        _bad = [empty, text, truncatedPng, truncatedJpeg];
        _samples =
        [
            new(good0, 0),
            new(empty, 1),
            new(text, 0),
            new(good1, 1),
            new(truncatedPng, 0),
            new(truncatedJpeg, 1),
        ];
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FailPolicyNamesEveryBadFile()
    {
        var error = Assert.Throws<DataSetException>(() => DecodedImages.Decode(_samples, 8, 8, CorruptFilePolicy.Fail));

        Assert.StartsWith("4 of 6 images could not be decoded:", error.Message, StringComparison.Ordinal);
        Assert.All(_bad, path => Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal));
        Assert.EndsWith("Fix or remove them, or skip unreadable files (corrupt-file policy: skip).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipPolicyLeavesThemOutAndListsThem()
    {
        using var cache = DecodedImages.Decode(_samples, 8, 8, CorruptFilePolicy.Skip);

        Assert.Equal(2, cache.Count);
        Assert.Equal([_samples[0], _samples[3]], cache.Samples);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, cache.Images.shape);
        Assert.Equal([0L, 1L], cache.Labels.data<long>().ToArray());
        Assert.Equal(10, cache.Images[0, 0, 0, 0].item<byte>());
        Assert.Equal(200, cache.Images[1, 2, 7, 7].item<byte>());
        Assert.Equal(_bad, cache.Skipped.Select(s => s.Path));
        Assert.All(cache.Skipped, s => Assert.Contains(s.Path, s.Reason, StringComparison.Ordinal));
        Assert.Equal([1, 1], cache.CountPerClass(2));
    }

    [Fact]
    public void SkipPolicyStillFailsWhenNothingIsReadable()
    {
        var onlyBad = _bad.Select(p => new ImageSample(p, 0)).ToArray();

        var error = Assert.Throws<DataSetException>(() => DecodedImages.Decode(onlyBad, 8, 8, CorruptFilePolicy.Skip));

        Assert.StartsWith("4 of 4 images could not be decoded:", error.Message, StringComparison.Ordinal);
    }

    private string Truncated(string source, string name)
    {
        var bytes = File.ReadAllBytes(source);
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }
}
