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
    private DecodedImages(IReadOnlyList<ImageSample> samples, Tensor images, Tensor labels, int height, int width, IReadOnlyList<UnreadableImage> skipped)
    {
        Skipped = skipped;
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

    /// <summary>Files left out under <see cref="CorruptFilePolicy.Skip"/>, in input order; empty otherwise.</summary>
    public IReadOnlyList<UnreadableImage> Skipped { get; }

    /// <summary>Images per class (index = label), counted over <paramref name="classCount"/> classes.</summary>
    public int[] CountPerClass(int classCount)
    {
        var counts = new int[classCount];
        foreach (var sample in Samples)
        {
            counts[sample.Label]++;
        }

        return counts;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>
    /// Decodes every sample, resized to (<paramref name="height"/>, <paramref name="width"/>), on up to
    /// <see cref="Environment.ProcessorCount"/> threads; any unreadable file fails the whole split.
    /// </summary>
    /// <param name="progress">Receives the number of images decoded so far, from worker threads.</param>
    /// <exception cref="DataSetException">Some files cannot be decoded; all of them are named.</exception>
    public static DecodedImages Decode(
        IReadOnlyList<ImageSample> samples,
        int height,
        int width,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        Decode(samples, height, width, CorruptFilePolicy.Fail, progress, cancellationToken);

    /// <summary>
    /// Decodes every sample like the overload above; files that cannot be decoded (missing, empty,
    /// truncated, not an image) are all found first, then fail the split or are left out, as
    /// <paramref name="corruptFiles"/> says. Either way this happens before any epoch.
    /// </summary>
    /// <exception cref="DataSetException">
    /// Some files cannot be decoded and the policy is <see cref="CorruptFilePolicy.Fail"/>, or none can
    /// be decoded at all; every bad file is named.
    /// </exception>
    public static DecodedImages Decode(
        IReadOnlyList<ImageSample> samples,
        int height,
        int width,
        CorruptFilePolicy corruptFiles,
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
        List<UnreadableImage> failures;
        try
        {
            failures = DecodeAll(samples, images, height, width, progress, cancellationToken);
            if (failures.Count > 0 && (corruptFiles == CorruptFilePolicy.Fail || failures.Count == samples.Count))
            {
                throw new DataSetException(
                    $"{failures.Count} of {samples.Count} images could not be decoded:{Environment.NewLine}" +
                    string.Join(Environment.NewLine, failures.Select(f => f.Reason)) +
                    (corruptFiles == CorruptFilePolicy.Fail ? $"{Environment.NewLine}Fix or remove them, or skip unreadable files (corrupt-file policy: skip)." : string.Empty));
            }
        }
        catch
        {
            images.Dispose();
            throw;
        }

        var kept = samples;
        if (failures.Count > 0)
        {
            var bad = failures.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var keep = Enumerable.Range(0, samples.Count).Where(i => !bad.Contains(samples[i].Path)).ToArray();
            using var index = torch.tensor(keep.Select(i => (long)i).ToArray(), ScalarType.Int64, CPU);
            var compact = images.index_select(0, index).DetachFromDisposeScope();
            images.Dispose();
            images = compact;
            kept = keep.Select(i => samples[i]).ToArray();
        }

        var labels = torch.tensor(kept.Select(s => (long)s.Label).ToArray(), ScalarType.Int64, CPU).DetachFromDisposeScope();
        return new DecodedImages(kept.ToArray(), images, labels, height, width, failures);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    private static List<UnreadableImage> DecodeAll(
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
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failures.Add((i, $"Image file '{samples[i].Path}' cannot be read: {e.Message}"));
                }

                progress?.Report(Interlocked.Increment(ref decoded));
                return buffer;
            },
            _ => { });

        return failures.OrderBy(f => f.Index).Select(f => new UnreadableImage(samples[f.Index].Path, f.Message)).ToList();
    }
}

/// <summary>A file that could not be decoded as an image.</summary>
/// <param name="Reason">The decoder's message; it names the file.</param>
public sealed record UnreadableImage(string Path, string Reason);
