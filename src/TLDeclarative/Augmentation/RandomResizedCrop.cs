using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// torchvision's RandomResizedCrop on a batch: each image gets a crop of random area and aspect ratio,
/// resized back to the input size with bilinear interpolation (no antialiasing, align_corners false).
/// </summary>
public static class RandomResizedCrop
{
    /// <summary>
    /// torchvision's get_params: up to 10 tries of area = U(MinScale, MaxScale) * H * W and
    /// log(ratio) = U(log MinRatio, log MaxRatio), width = round(sqrt(area * ratio)), height =
    /// round(sqrt(area / ratio)); the first that fits is placed uniformly. If none fits: the largest
    /// central crop whose ratio is clamped into the range.
    /// </summary>
    public static CropBox SampleBox(Random random, int height, int width, RandomResizedCropSettings settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(settings);
        var area = (double)height * width;
        var (logMin, logMax) = (Math.Log(settings.MinRatio), Math.Log(settings.MaxRatio));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * Uniform(random, settings.MinScale, settings.MaxScale);
            var ratio = Math.Exp(Uniform(random, logMin, logMax));
            var w = (int)Math.Round(Math.Sqrt(targetArea * ratio));
            var h = (int)Math.Round(Math.Sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = random.Next(height - h + 1);
                var left = random.Next(width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }

        var inRatio = (double)width / height;
        var (cropH, cropW) = inRatio < settings.MinRatio
            ? ((int)Math.Round(width / settings.MinRatio), width)
            : inRatio > settings.MaxRatio
                ? (height, (int)Math.Round(height * settings.MaxRatio))
                : (height, width);
        return new CropBox((height - cropH) / 2, (width - cropW) / 2, cropH, cropW);
    }

    /// <summary>Crops box i out of image i and resizes it to the batch's (H, W).</summary>
    /// <remarks>
    /// One grid_sample for the whole batch, with the sampling points of interpolate(bilinear,
    /// align_corners false) on the cropped image: output pixel x reads crop coordinate
    /// (x + 0.5) * w / W - 0.5, clamped to the crop, so no pixel outside the crop leaks in at its border.
    /// </remarks>
    public static Tensor Apply(Tensor images, IReadOnlyList<CropBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(boxes);
        var (count, height, width) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        if (boxes.Count != count)
        {
            throw new ArgumentException($"{boxes.Count} crop boxes for {count} images.", nameof(boxes));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var xs = SamplePoints(boxes.Select(b => (b.Left, b.Width)).ToList(), width, images);
        var ys = SamplePoints(boxes.Select(b => (b.Top, b.Height)).ToList(), height, images);

        // grid_sample (align_corners false) reads pixel p at normalised (2p + 1) / size - 1.
        var gridX = xs.mul(2).add_(1).div_(width).sub_(1).view(count, 1, width).expand(count, height, width);
        var gridY = ys.mul(2).add_(1).div_(height).sub_(1).view(count, height, 1).expand(count, height, width);
        var grid = stack([gridX, gridY], 3);
        var output = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return output.clamp_(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>(N, size) source pixel coordinates: start + (i + 0.5) * length / size - 0.5, clamped to [start, start + length - 1].</summary>
    private static Tensor SamplePoints(IReadOnlyList<(int Start, int Length)> spans, int size, Tensor images)
    {
        var starts = tensor(spans.Select(s => (double)s.Start).ToArray(), [spans.Count, 1], images.dtype, images.device);
        var lengths = tensor(spans.Select(s => (double)s.Length).ToArray(), [spans.Count, 1], images.dtype, images.device);
        var positions = arange(size, images.dtype, images.device).add_(0.5).view(1, size);
        var points = positions.mul(lengths).div_(size).add_(starts).sub_(0.5);
        return points.maximum(starts).minimum(starts.add(lengths).sub_(1));
    }

    private static double Uniform(Random random, double min, double max) => min + ((max - min) * random.NextDouble());
}
