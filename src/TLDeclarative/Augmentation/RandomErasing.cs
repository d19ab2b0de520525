using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// torchvision's RandomErasing on a batch: with probability p, one rectangle of each image is set to 0
/// (torchvision's default value=0), covering a fraction in [0.02, 0.33] of the area with an aspect ratio
/// in [0.3, 3.3].
/// </summary>
public static class RandomErasing
{
    public const double MinScale = 0.02;
    public const double MaxScale = 0.33;
    public const double MinRatio = 0.3;
    public const double MaxRatio = 3.3;

    /// <summary>
    /// torchvision's get_params: up to 10 tries of area = U(0.02, 0.33) * H * W, log(ratio) uniform, h =
    /// round(sqrt(area * ratio)), w = round(sqrt(area / ratio)); the first with h &lt; H and w &lt; W is
    /// placed uniformly. Null when the image is not erased (the probability draw, or no try fitted).
    /// </summary>
    public static CropBox? SampleBox(Random random, int height, int width, double probability)
    {
        ArgumentNullException.ThrowIfNull(random);

        // Both draws happen whatever the outcome, so one image's result never shifts the next one's.
        var erase = random.NextDouble() < probability;
        var area = (double)height * width;
        var (logMin, logMax) = (Math.Log(MinRatio), Math.Log(MaxRatio));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * (MinScale + ((MaxScale - MinScale) * random.NextDouble()));
            var ratio = Math.Exp(logMin + ((logMax - logMin) * random.NextDouble()));
            var h = (int)Math.Round(Math.Sqrt(targetArea * ratio));
            var w = (int)Math.Round(Math.Sqrt(targetArea / ratio));
            if (h > 0 && h < height && w > 0 && w < width)
            {
                var top = random.Next(height - h + 1);
                var left = random.Next(width - w + 1);
                return erase ? new CropBox(top, left, h, w) : null;
            }
        }

        return null;
    }

    /// <summary>Sets box i of image i to 0 in every channel (null: image unchanged); returns a new tensor.</summary>
    public static Tensor Apply(Tensor images, IReadOnlyList<CropBox?> boxes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(boxes);
        var (count, height, width) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        if (boxes.Count != count)
        {
            throw new ArgumentException($"{boxes.Count} erasing boxes for {count} images.", nameof(boxes));
        }

        return Fill(images, boxes, null);
    }

    /// <summary>
    /// Copies images, then per image i overwrites box i with 0 (<paramref name="source"/> null) or with
    /// the same box of source[i].
    /// </summary>
    internal static Tensor Fill(Tensor images, IReadOnlyList<CropBox?> boxes, Tensor? source)
    {
        using var scope = NewDisposeScope();
        var (height, width) = ((int)images.shape[2], (int)images.shape[3]);

        // Row and column bounds per image (an empty range for null), compared with pixel indices: one
        // mask for the whole batch, built on the images' device without a kernel per image.
        long[] Bounds(Func<CropBox, int> start, Func<CropBox, int> length, bool end) =>
            boxes.Select(b => b is { } box ? (long)(start(box) + (end ? length(box) : 0)) : 0L).ToArray();
        var device = images.device;
        var top = tensor(Bounds(b => b.Top, b => b.Height, false), ScalarType.Int64, device).view(-1, 1, 1, 1);
        var bottom = tensor(Bounds(b => b.Top, b => b.Height, true), ScalarType.Int64, device).view(-1, 1, 1, 1);
        var left = tensor(Bounds(b => b.Left, b => b.Width, false), ScalarType.Int64, device).view(-1, 1, 1, 1);
        var right = tensor(Bounds(b => b.Left, b => b.Width, true), ScalarType.Int64, device).view(-1, 1, 1, 1);
        var rows = arange(height, ScalarType.Int64, device).view(1, 1, -1, 1);
        var columns = arange(width, ScalarType.Int64, device).view(1, 1, 1, -1);
        var mask = rows.ge(top).logical_and(rows.lt(bottom)).logical_and(columns.ge(left)).logical_and(columns.lt(right));
        var result = source is null ? images.masked_fill(mask, 0) : where(mask, source, images);
        return result.MoveToOuterDisposeScope();
    }
}
