using SkiaSharp;
using TLDeclarative.Data;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Data;

/// <summary>Weighted sampling and prefetching on a 3:1 imbalanced cache (image i is grey 5*i).</summary>
public sealed class BatchLoaderSamplingTests : IDisposable
{
    private const int Count = 40;
    private readonly TempDirectory _temp = new();
    private readonly DecodedImages _cache;

    public BatchLoaderSamplingTests()
    {
        // 30 images of class 0, 10 of class 1.
        var samples = Enumerable.Range(0, Count)
            .Select(i => new ImageSample(TestImages.WriteSolid(_temp.Combine($"{i:D2}.png"), 4, 4, new SKColor((byte)(5 * i), (byte)(5 * i), (byte)(5 * i))), i < 30 ? 0 : 1))
            .ToArray();
        _cache = DecodedImages.Decode(samples, 4, 4);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void WeightedSamplerDrawsClassesEquallyOften()
    {
        var loader = new BatchLoader(_cache, 8, CPU, shuffle: true, seed: 3, sampler: SamplerKind.Weighted);
        var drawn = Enumerable.Range(0, 50).SelectMany(loader.Order).ToArray();

        Assert.Equal(Count, loader.Order(0).Length);
        var minority = drawn.Count(i => i >= 30) / (double)drawn.Length;

        // 2000 draws of p = 0.5: the standard deviation is 0.011, so 0.45-0.55 is 4.5 sigma.
        Assert.InRange(minority, 0.45, 0.55);

        // Within a class every image is equally likely: each of the 10 minority images near 1000/10.
        var perMinorityImage = drawn.Where(i => i >= 30).GroupBy(i => i).Select(g => g.Count()).ToArray();
        Assert.Equal(10, perMinorityImage.Length);
        Assert.All(perMinorityImage, n => Assert.InRange(n, 60, 140));
    }

    [Fact]
    public void WeightedSamplerIsSeededPerEpochAndDrawsWithReplacement()
    {
        var loader = new BatchLoader(_cache, 8, CPU, shuffle: true, seed: 3, sampler: SamplerKind.Weighted);
        var again = new BatchLoader(_cache, 8, CPU, shuffle: true, seed: 3, sampler: SamplerKind.Weighted);

        Assert.Equal(loader.Order(2), again.Order(2));
        Assert.NotEqual(loader.Order(1), loader.Order(2));
        Assert.True(loader.Order(0).Distinct().Count() < Count, "no image was drawn twice");
    }

    [Fact]
    public void WeightedBatchesCarryTheDrawnImages()
    {
        var loader = new BatchLoader(_cache, 8, CPU, shuffle: true, seed: 4, sampler: SamplerKind.Weighted);

        var seen = Visit(loader, 0).SelectMany(b => b).ToArray();

        Assert.Equal(loader.Order(0), seen.Select(s => s.Image));
        Assert.All(seen, s => Assert.Equal(s.Image < 30 ? 0 : 1, s.Label));
    }

    [Theory]
    [InlineData(SamplerKind.Shuffle, 1)]
    [InlineData(SamplerKind.Shuffle, 3)]
    [InlineData(SamplerKind.Weighted, 2)]
    public void PrefetchingYieldsTheSameBatchesInTheSameOrder(SamplerKind sampler, int depth)
    {
        var plain = new BatchLoader(_cache, 6, CPU, shuffle: true, seed: 9, sampler: sampler);
        var prefetched = new BatchLoader(_cache, 6, CPU, shuffle: true, seed: 9, sampler: sampler, prefetch: depth);

        for (var epoch = 0; epoch < 2; epoch++)
        {
            using var expected = new BatchList(plain.Epoch(epoch));
            using var actual = new BatchList(prefetched.Epoch(epoch));
            Assert.Equal(expected.Batches.Count, actual.Batches.Count);
            for (var b = 0; b < expected.Batches.Count; b++)
            {
                Assert.Equal(b, actual.Batches[b].Index);
                Assert.True(expected.Batches[b].Images.allclose(actual.Batches[b].Images, rtol: 0, atol: 0), $"epoch {epoch} batch {b} images");
                Assert.True(expected.Batches[b].Labels.allclose(actual.Batches[b].Labels, rtol: 0, atol: 0), $"epoch {epoch} batch {b} labels");
            }
        }

        Assert.True(prefetched.DataWaitSeconds >= 0);
    }

    [Fact]
    public void StoppingEarlyDisposesThePreparedBatches()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 1, prefetch: 3);

        Batch first;
        using (var enumerator = loader.Epoch(0).GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            first = enumerator.Current;

            // Let the producer fill its queue before the consumer stops.
            Thread.Sleep(200);
        }

        Assert.False(first.Images.IsInvalid);
        first.Dispose();

        // The loader is reusable after an abandoned epoch.
        Assert.Equal(10, Visit(loader, 1).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void EachBatchCarriesItsShareOfTheDataWait(int prefetch)
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 1, prefetch: prefetch);

        var waits = new List<double>();
        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
            {
                waits.Add(batch.WaitSeconds);
            }
        }

        Assert.Equal(10, waits.Count);
        Assert.All(waits, w => Assert.True(w >= 0));
        Assert.Equal(loader.DataWaitSeconds, waits.Sum(), 9);
    }

    [Fact]
    public void DataWaitAccumulatesTheTimeSpentGettingBatches()
    {
        var loader = new BatchLoader(_cache, 4, CPU, shuffle: true, seed: 1);

        Assert.Equal(0, loader.DataWaitSeconds);
        Visit(loader, 0);
        var afterOne = loader.DataWaitSeconds;
        Visit(loader, 1);

        Assert.True(afterOne > 0, "making 10 batches took no time");
        Assert.True(loader.DataWaitSeconds > afterOne);
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
                result.Add(ids.Zip(labels, (id, label) => ((int)id / 5, label)).ToArray());
            }
        }

        return result;
    }

    private sealed class BatchList(IEnumerable<Batch> batches) : IDisposable
    {
        public List<Batch> Batches { get; } = batches.ToList();

        public void Dispose() => Batches.ForEach(b => b.Dispose());
    }
}
