using System.Collections.Concurrent;
using SkiaSharp;
using TorchSharp;
using TLDeclarative.Data;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Data;

public sealed class DecodedImagesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CacheHoldsUint8ImagesAndInt64LabelsOnTheCpu()
    {
        var samples = new[]
        {
            new ImageSample(TestImages.WriteSolid(_temp.Combine("a.png"), 10, 10, new SKColor(10, 20, 30)), 0),
            new ImageSample(TestImages.WriteSolid(_temp.Combine("b.png"), 12, 9, new SKColor(40, 50, 60)), 0),
            new ImageSample(TestImages.WriteSolid(_temp.Combine("c.png"), 5, 7, new SKColor(70, 80, 90)), 1),
        };

        using var cache = DecodedImages.Decode(samples, height: 8, width: 6);

        Assert.Equal(new long[] { 3, 3, 8, 6 }, cache.Images.shape);
        Assert.Equal(ScalarType.Byte, cache.Images.dtype);
        Assert.Equal(DeviceType.CPU, cache.Images.device_type);
        Assert.Equal(ScalarType.Int64, cache.Labels.dtype);
        Assert.Equal([0L, 0L, 1L], cache.Labels.data<long>().ToArray());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ImageDecoder.Decode(samples[i].Path, 8, 6), cache.Images[i].data<byte>().ToArray());
        }
    }

    [Fact]
    public void ProgressCountsEveryImage()
    {
        var samples = Enumerable.Range(0, 12)
            .Select(i => new ImageSample(TestImages.WriteSolid(_temp.Combine($"{i}.png"), 4, 4, SKColors.Gray), i % 2))
            .ToArray();
        var reports = new ConcurrentBag<int>();

        using var cache = DecodedImages.Decode(samples, 4, 4, new SyncProgress(reports.Add));

        Assert.Equal(Enumerable.Range(1, 12), reports.Order());
    }

    [Fact]
    public void EveryUndecodableFileIsNamed()
    {
        var good = TestImages.WriteSolid(_temp.Combine("good.png"), 4, 4, SKColors.Red);
        var bad1 = _temp.Combine("bad1.png");
        var bad2 = _temp.Combine("bad2.jpg");
        File.WriteAllText(bad1, "not an image");
        File.WriteAllText(bad2, "not an image either");
        ImageSample[] samples = [new(good, 0), new(bad1, 0), new(good, 1), new(bad2, 1)];

        var error = Assert.Throws<DataSetException>(() => DecodedImages.Decode(samples, 4, 4));

        Assert.StartsWith("2 of 4 images could not be decoded:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bad1}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bad2}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheOutlivesTheDisposeScopeItWasMadeIn()
    {
        var path = TestImages.WriteSolid(_temp.Combine("a.png"), 4, 4, new SKColor(1, 2, 3));
        DecodedImages cache;
        using (NewDisposeScope())
        {
            cache = DecodedImages.Decode([new ImageSample(path, 0)], 4, 4);
        }

        using (cache)
        {
            Assert.False(cache.Images.IsInvalid);
            Assert.Equal(3, cache.Images[0, 2, 0, 0].item<byte>());
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, after Decode returns).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
