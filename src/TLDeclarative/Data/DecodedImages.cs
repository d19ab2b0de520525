using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Data;

/// <summary>
/// A split decoded once into memory: uint8 images (N,3,H,W) and int64 labels (N), both on the CPU.
/// Epochs slice this cache, so no file is decoded twice; at 150x150 one image costs 67.5 KB.
/// </summary>
/// <remarks>
/// This object owns its tensors (they are detached from any dispose scope) and frees them on
/// <see cref="Dispose"/>.
/// </remarks>
public sealed class DecodedImages : IDisposable
{
    private DecodedImages(IReadOnlyList<ImageSample> samples, Tensor images, Tensor labels, int height, int width)
    {
        Samples = samples;
        Images = images;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>The files in cache order (index i of <see cref="Images"/> is Samples[i]).</summary>
    public IReadOnlyList<ImageSample> Samples { get; }

    /// <summary>uint8 RGB, shape (N,3,H,W), on the CPU.</summary>
    public Tensor Images { get; }

    /// <summary>int64 class indices, shape (N), on the CPU.</summary>
    public Tensor Labels { get; }

    public int Count => Samples.Count;

    public int Height { get; }

    public int Width { get; }

    /// <summary>
    /// Decodes every sample, resized to (<paramref name="height"/>, <paramref name="width"/>), on up to
    /// <see cref="Environment.ProcessorCount"/> threads.
    /// </summary>
    /// <param name="progress">Receives the number of images decoded so far, from worker threads.</param>
    /// <exception cref="DataSetException">Some files cannot be decoded; all of them are named.</exception>
    public static DecodedImages Decode(
        IReadOnlyList<ImageSample> samples,
        int height,
        int width,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (samples.Count == 0)
        {
            throw new ArgumentException("There are no images to decode.", nameof(samples));
        }

        var images = torch.empty([samples.Count, 3, height, width], ScalarType.Byte, CPU).DetachFromDisposeScope();
        try
        {
            DecodeAll(samples, images, height, width, progress, cancellationToken);
        }
        catch
        {
            images.Dispose();
            throw;
        }

        var labels = torch.tensor(samples.Select(s => (long)s.Label).ToArray(), ScalarType.Int64, CPU).DetachFromDisposeScope();
        return new DecodedImages(samples.ToArray(), images, labels, height, width);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    private static void DecodeAll(
        IReadOnlyList<ImageSample> samples,
        Tensor images,
        int height,
        int width,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var failures = new ConcurrentBag<(int Index, string Message)>();
        var decoded = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(
            0,
            samples.Count,
            options,
            () => new byte[3 * height * width],
            (i, _, buffer) =>
            {
                try
                {
                    ImageDecoder.DecodeInto(samples[i].Path, height, width, buffer);

                    // images[i] is a contiguous view; its bytes are this image's slot in the cache.
                    using var slot = images[i];
                    buffer.CopyTo(slot.bytes);
                }
                catch (DataSetException e)
                {
                    // Keep going: one run then names every bad file, not only the first.
                    failures.Add((i, e.Message));
                }

                progress?.Report(Interlocked.Increment(ref decoded));
                return buffer;
            },
            _ => { });

        if (!failures.IsEmpty)
        {
            var sorted = failures.OrderBy(f => f.Index).Select(f => f.Message).ToList();
            const int Shown = 10;
            var more = sorted.Count > Shown ? $"{Environment.NewLine}... and {sorted.Count - Shown} more." : string.Empty;
            throw new DataSetException(
                $"{sorted.Count} of {samples.Count} images could not be decoded:{Environment.NewLine}" +
                string.Join(Environment.NewLine, sorted.Take(Shown)) + more);
        }
    }
}
