using static TorchSharp.torch;

namespace TLDeclarative.Data;

/// <summary>
/// Cuts a <see cref="DecodedImages"/> cache into mini-batches on one device, in a seeded order per epoch.
/// </summary>
/// <remarks>
/// The order of epoch e is a permutation seeded by (seed, e): epochs differ from each other, and a run
/// with the same seed repeats them exactly. Only uint8 bytes cross to the device; the conversion to
/// float happens there. The loader does not own the cache.
/// </remarks>
public sealed class BatchLoader
{
    private readonly DecodedImages _data;
    private readonly int _seed;

    /// <param name="data">The decoded split; it must outlive the loader's batches.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="device">Where every yielded tensor lives.</param>
    /// <param name="shuffle">False keeps cache order (for evaluation).</param>
    /// <param name="seed">Seeds the per-epoch permutations.</param>
    /// <param name="dropLast">True skips a smaller final batch.</param>
    public BatchLoader(DecodedImages data, int batchSize, Device device, bool shuffle, int seed, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        _seed = seed;
        BatchSize = batchSize;
        Device = device;
        Shuffle = shuffle;
        DropLast = dropLast;
    }

    public int BatchSize { get; }

    /// <summary>The decoded split the batches come from (the feature cache reads it in cache order).</summary>
    public DecodedImages Data => _data;

    public Device Device { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    /// <summary>Images per epoch (fewer than the cache holds when <see cref="DropLast"/> drops a tail).</summary>
    public int SampleCount => BatchCount * BatchSize >= _data.Count ? _data.Count : BatchCount * BatchSize;

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Cache indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _data.Count).ToArray();
        if (!Shuffle)
        {
            return order;
        }

        // Fisher-Yates with our own loop: Random.Shuffle's algorithm is not promised to stay the same.
        var random = new Random(Seeds.Derive(_seed, epoch));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>; see <see cref="Batch"/> for who disposes them.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Order(epoch);
        for (var b = 0; b < BatchCount; b++)
        {
            var start = b * BatchSize;
            var indices = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            yield return MakeBatch(indices, b);
        }
    }

    private Batch MakeBatch(int[] indices, int batchIndex)
    {
        using var index = tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64, CPU);
        using var bytes = _data.Images.index_select(0, index);
        using var deviceBytes = bytes.to(Device);
        var images = deviceBytes.to_type(ScalarType.Float32).div_(255f);
        using var labels = _data.Labels.index_select(0, index);
        return new Batch(images, labels.to(Device), batchIndex);
    }
}
