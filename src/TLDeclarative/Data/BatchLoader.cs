using System.Diagnostics;
using System.Threading.Channels;
using static TorchSharp.torch;

namespace TLDeclarative.Data;

/// <summary>
/// Cuts a <see cref="DecodedImages"/> cache into mini-batches on one device, in a seeded order per epoch,
/// optionally preparing the next batches on a background task while the caller trains on the current one.
/// </summary>
/// <remarks>
/// The order of epoch e is seeded by (seed, e): epochs differ from each other, and a run with the same
/// seed repeats them exactly, with or without prefetching. Only uint8 bytes cross to the device; the
/// conversion to float happens there. The loader does not own the cache.
/// </remarks>
public sealed class BatchLoader
{
    private const int WeightedSalt = 9_001;
    private readonly DecodedImages _data;
    private readonly int _seed;

    /// <param name="data">The decoded split; it must outlive the loader's batches.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="device">Where every yielded tensor lives.</param>
    /// <param name="shuffle">False keeps cache order (for evaluation).</param>
    /// <param name="seed">Seeds the per-epoch order.</param>
    /// <param name="dropLast">True skips a smaller final batch.</param>
    /// <param name="sampler">
    /// With <paramref name="shuffle"/>: <see cref="SamplerKind.Shuffle"/> visits every image once per epoch;
    /// <see cref="SamplerKind.Weighted"/> draws as many images with replacement, each with probability
    /// proportional to 1 / (images of its class), so every class is drawn equally often on average.
    /// </param>
    /// <param name="prefetch">
    /// Batches prepared ahead on a background task (0: each batch is made when the caller asks for it).
    /// </param>
    public BatchLoader(
        DecodedImages data,
        int batchSize,
        Device device,
        bool shuffle,
        int seed,
        bool dropLast = false,
        SamplerKind sampler = SamplerKind.Shuffle,
        int prefetch = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        if (!Enum.IsDefined(sampler))
        {
            throw new ArgumentOutOfRangeException(nameof(sampler), sampler, "Unknown sampler.");
        }

        _data = data;
        _seed = seed;
        BatchSize = batchSize;
        Device = device;
        Shuffle = shuffle;
        DropLast = dropLast;
        Sampler = sampler;
        Prefetch = prefetch;
    }

    public int BatchSize { get; }

    /// <summary>The decoded split the batches come from (the feature cache reads it in cache order).</summary>
    public DecodedImages Data => _data;

    public Device Device { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    public SamplerKind Sampler { get; }

    /// <summary>Batches prepared ahead of the caller; 0 when batches are made on demand.</summary>
    public int Prefetch { get; }

    /// <summary>
    /// How many batches a training run prepares ahead on <paramref name="device"/>: 2 on a GPU, where the
    /// gather and the copy overlap the model's step; 0 on the CPU, where the background task competes with
    /// libtorch's threads for the same cores (the example at 150x150 on 2 cores trained at 34 images/s
    /// with prefetch 2 and 45 without) and a batch takes under 1% of a step to make anyway.
    /// </summary>
    public static int TrainingPrefetch(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type == TorchSharp.DeviceType.CUDA ? 2 : 0;
    }

    /// <summary>
    /// Seconds the caller has spent waiting for batches, summed over every epoch enumerated so far: the
    /// time inside the enumerator's MoveNext (making the batch without prefetch, waiting for the
    /// background task with it). Each batch's own share is <see cref="Batch.WaitSeconds"/>.
    /// </summary>
    public double DataWaitSeconds { get; private set; }

    /// <summary>Images per epoch (fewer than the cache holds when <see cref="DropLast"/> drops a tail).</summary>
    public int SampleCount => BatchCount * BatchSize >= _data.Count ? _data.Count : BatchCount * BatchSize;

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Cache indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public int[] Order(int epoch)
    {
        if (Shuffle && Sampler == SamplerKind.Weighted)
        {
            return WeightedDraw(epoch);
        }

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
    /// <remarks>
    /// With <see cref="Prefetch"/> above 0 the batches are made on a background task, so they belong to
    /// no dispose scope: dispose each one (the trainer does). Stopping early (break, exception) stops the
    /// task and disposes the batches it had prepared.
    /// </remarks>
    public IEnumerable<Batch> Epoch(int epoch) => Prefetch == 0 ? OnDemand(epoch) : Prefetched(epoch);

    private IEnumerable<Batch> OnDemand(int epoch)
    {
        var order = Order(epoch);
        var clock = new Stopwatch();
        for (var b = 0; b < BatchCount; b++)
        {
            clock.Restart();
            var batch = MakeBatch(order, b);
            batch.WaitSeconds = clock.Elapsed.TotalSeconds;
            DataWaitSeconds += batch.WaitSeconds;
            yield return batch;
        }
    }

    private IEnumerable<Batch> Prefetched(int epoch)
    {
        var order = Order(epoch);

        // Bounded: the producer stays at most Prefetch batches ahead, so memory stays bounded too.
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(Prefetch) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    for (var b = 0; b < BatchCount; b++)
                    {
                        var batch = MakeBatch(order, b);
                        try
                        {
                            await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                        }
                        catch
                        {
                            batch.Dispose();
                            throw;
                        }
                    }

                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
                }
            },
            CancellationToken.None);
        try
        {
            var clock = new Stopwatch();
            while (true)
            {
                clock.Restart();
                Batch? next = null;
                while (next is null && !channel.Reader.TryRead(out next))
                {
                    // WaitToReadAsync rethrows the producer's exception once the channel is drained.
                    if (!channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                }

                if (next is null)
                {
                    yield break;
                }

                next.WaitSeconds = clock.Elapsed.TotalSeconds;
                DataWaitSeconds += next.WaitSeconds;

                yield return next;
            }
        }
        finally
        {
            stop.Cancel();
            producer.GetAwaiter().GetResult();
            while (channel.Reader.TryRead(out var unused))
            {
                unused.Dispose();
            }
        }
    }

    /// <summary>Draws SampleCount indices: a class uniformly among those present, then an image of it uniformly.</summary>
    /// <remarks>That gives image i of class c probability (1 / classes) * (1 / count(c)), i.e. proportional to 1 / count(c).</remarks>
    private int[] WeightedDraw(int epoch)
    {
        var byClass = Enumerable.Range(0, _data.Count)
            .GroupBy(i => _data.Samples[i].Label)
            .OrderBy(g => g.Key)
            .Select(g => g.ToArray())
            .ToArray();
        var random = new Random(Seeds.Derive(_seed, epoch, WeightedSalt));
        var order = new int[_data.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var members = byClass[random.Next(byClass.Length)];
            order[i] = members[random.Next(members.Length)];
        }

        return order;
    }

    private Batch MakeBatch(int[] order, int batchIndex)
    {
        var start = batchIndex * BatchSize;
        var count = Math.Min(BatchSize, order.Length - start);
        var indices = new long[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = order[start + i];
        }

        using var index = tensor(indices, ScalarType.Int64, CPU);
        using var bytes = _data.Images.index_select(0, index);
        using var deviceBytes = bytes.to(Device);
        var images = deviceBytes.to_type(ScalarType.Float32).div_(255f);
        using var labels = _data.Labels.index_select(0, index);
        return new Batch(images, labels.to(Device), batchIndex);
    }
}
