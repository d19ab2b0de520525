using SkiaSharp;
using TorchSharp;
using TLDeclarative.Data;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Data;

/// <summary>Ten 4x4 images; image i is a solid grey of value 10*i, so a batch shows which images it holds.</summary>
public sealed class BatchLoaderTests : IDisposable
{
    private const int Count = 10;
    private readonly TempDirectory _temp = new();
    private readonly DecodedImages _cache;

    public BatchLoaderTests()
    {
        var samples = Enumerable.Range(0, Count)
            .Select(i => new ImageSample(TestImages.WriteSolid(_temp.Combine($"{i}.png"), 4, 4, new SKColor((byte)(10 * i), (byte)(10 * i), (byte)(10 * i))), i % 3))
            .ToArray();
        _cache = DecodedImages.Decode(samples, 4, 4);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void EveryImageAppearsOncePerEpochWithItsLabel()
    {
        var loader = new BatchLoader(_cache, batchSize: 3, CPU, shuffle: true, seed: 1);

        var batches = Visit(loader, epoch: 0);

        Assert.Equal(4, loader.BatchCount);
        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Length));
        var seen = batches.SelectMany(b => b).ToList();
        Assert.Equal(Enumerable.Range(0, Count), seen.Select(s => s.Image).Order());
        Assert.All(seen, s => Assert.Equal(s.Image % 3, s.Label));
    }

    [Fact]
    public void EpochsDifferAndTheSameSeedRepeatsThem()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 7);
        var again = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 7);
        var other = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 8);

        var epoch0 = Flatten(Visit(loader, 0));
        var epoch1 = Flatten(Visit(loader, 1));

        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(epoch0, Flatten(Visit(again, 0)));
        Assert.Equal(epoch1, Flatten(Visit(again, 1)));
        Assert.NotEqual(epoch0, Flatten(Visit(other, 0)));
        Assert.Equal(epoch0, loader.Order(0));
    }

    [Fact]
    public void WithoutShuffleTheCacheOrderIsKept()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: false, seed: 7);

        Assert.Equal(Enumerable.Range(0, Count), Flatten(Visit(loader, 3)));
    }

    [Fact]
    public void DropLastSkipsTheShortBatch()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 7, dropLast: true);

        var batches = Visit(loader, 0);

        Assert.Equal(2, loader.BatchCount);
        Assert.Equal(8, loader.SampleCount);
        Assert.Equal([4, 4], batches.Select(b => b.Length));
    }

    [Fact]
    public void BatchesAreFloatImagesInUnitRangeAndInt64LabelsOnTheDevice()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: false, seed: 0);

        using var batch = loader.Epoch(0).First();

        Assert.Equal(new long[] { 4, 3, 4, 4 }, batch.Images.shape);
        Assert.Equal(ScalarType.Float32, batch.Images.dtype);
        Assert.Equal(ScalarType.Int64, batch.Labels.dtype);
        Assert.Equal(DeviceType.CPU, batch.Images.device_type);
        Assert.Equal(DeviceType.CPU, batch.Labels.device_type);
        Assert.Equal(30f / 255f, batch.Images[3, 1, 2, 2].item<float>(), 6);
        Assert.Equal(0, batch.Index);
    }

    [Fact]
    public void TheEnclosingDisposeScopeCollectsTheBatches()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 0);
        var batches = new List<Batch>();

        using (NewDisposeScope())
        {
            batches.AddRange(loader.Epoch(0));
            Assert.All(batches, b => Assert.False(b.Images.IsInvalid));
        }

        Assert.All(batches, b => Assert.True(b.Images.IsInvalid && b.Labels.IsInvalid));
        Assert.False(_cache.Images.IsInvalid);
    }

    private static List<(int Image, long Label)[]> Visit(BatchLoader loader, int epoch)
    {
        var result = new List<(int, long)[]>();
        foreach (var batch in loader.Epoch(epoch))
        {
            using (batch)
            {
                var ids = batch.Images[.., 0, 0, 0].mul(255).round().data<float>().ToArray();
                var labels = batch.Labels.data<long>().ToArray();
                result.Add(ids.Zip(labels, (id, label) => ((int)id / 10, label)).ToArray());
            }
        }

        return result;
    }

    private static int[] Flatten(List<(int Image, long Label)[]> batches) => batches.SelectMany(b => b.Select(s => s.Image)).ToArray();
}
