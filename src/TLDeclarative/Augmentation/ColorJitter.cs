using static TorchSharp.torch;

namespace TLDeclarative.Augmentation;

/// <summary>
/// torchvision's colour adjustments (adjust_brightness, _contrast, _saturation, _hue) on a batch, one
/// factor per image. Images are float (N,3,H,W) in [0,1]; every result is clamped back to [0,1].
/// </summary>
/// <remarks>
/// Brightness blends with black (x * f); contrast blends with the image's mean grey level; saturation
/// blends with the image's own greyscale (ITU-R 601-2 luma, 0.2989 R + 0.587 G + 0.114 B, as torchvision);
/// hue rotates H in HSV by a fraction of the colour wheel.
/// </remarks>
public static class ColorJitter
{
    /// <summary>x * factor, clamped.</summary>
    /// <param name="factors">One factor per image.</param>
    public static Tensor AdjustBrightness(Tensor images, IReadOnlyList<double> factors)
    {
        using var f = PerImage(factors, images);
        return images.mul(f).clamp_(0, 1);
    }

    /// <summary>factor * x + (1 - factor) * mean(grey(x)), clamped.</summary>
    public static Tensor AdjustContrast(Tensor images, IReadOnlyList<double> factors)
    {
        using var grey = Greyscale(images);
        using var mean = grey.mean([1, 2, 3], keepdim: true);
        return Blend(images, mean, factors);
    }

    /// <summary>factor * x + (1 - factor) * grey(x), clamped.</summary>
    public static Tensor AdjustSaturation(Tensor images, IReadOnlyList<double> factors)
    {
        using var grey = Greyscale(images);
        return Blend(images, grey, factors);
    }

    /// <summary>Shifts the hue of each image by its shift (fraction of the wheel, in [-0.5, 0.5]).</summary>
    public static Tensor AdjustHue(Tensor images, IReadOnlyList<double> shifts)
    {
        using var scope = NewDisposeScope();
        var hsv = RgbToHsv(images);
        var shift = PerImage(shifts, images).squeeze(1);
        var hue = hsv[.., 0].add(shift).remainder(1.0);
        var shifted = stack([hue, hsv[.., 1], hsv[.., 2]], 1);
        return HsvToRgb(shifted).clamp_(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>ITU-R 601-2 luma (N,1,H,W).</summary>
    public static Tensor Greyscale(Tensor images)
    {
        using var scope = NewDisposeScope();
        var grey = images[.., 0].mul(0.2989).add_(images[.., 1].mul(0.587)).add_(images[.., 2].mul(0.114));
        return grey.unsqueeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>RGB in [0,1] to HSV, each channel in [0,1] (hue as a fraction of the wheel).</summary>
    public static Tensor RgbToHsv(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (r, g, b) = (images[.., 0], images[.., 1], images[.., 2]);
        var max = images.amax([1]);
        var min = images.amin([1]);
        var chroma = max - min;

        // Grey pixels (no chroma) get hue 0 and black ones saturation 0, without dividing by zero.
        var saturation = chroma / where(max.eq(0), ones_like(max), max);
        var safeChroma = where(chroma.eq(0), ones_like(chroma), chroma);
        var rc = (max - r) / safeChroma;
        var gc = (max - g) / safeChroma;
        var bc = (max - b) / safeChroma;
        var isRed = max.eq(r);
        var isGreen = max.eq(g).logical_and(isRed.logical_not());
        var isBlue = isRed.logical_or(isGreen).logical_not();
        var hue = (bc - gc) * isRed.to_type(images.dtype)
            + (bc.neg() + rc + 2) * isGreen.to_type(images.dtype)
            + (rc.neg() + gc + 4) * isBlue.to_type(images.dtype);
        hue = (hue / 6.0 + 1.0).remainder(1.0);
        return stack([hue, saturation, max], 1).MoveToOuterDisposeScope();
    }

    /// <summary>HSV (each in [0,1]) back to RGB.</summary>
    public static Tensor HsvToRgb(Tensor hsv)
    {
        using var scope = NewDisposeScope();
        var (h, s, v) = (hsv[.., 0], hsv[.., 1], hsv[.., 2]);
        var sector = (h * 6).floor();
        var f = h * 6 - sector;
        var i = sector.remainder(6).to_type(ScalarType.Int64);
        var p = (v * (s.neg() + 1)).clamp(0, 1);
        var q = (v * ((s * f).neg() + 1)).clamp(0, 1);
        var t = (v * ((s * (f.neg() + 1)).neg() + 1)).clamp(0, 1);

        // Sector k of the wheel takes (r, g, b) from these six triples.
        Tensor[] reds = [v, q, p, p, t, v];
        Tensor[] greens = [t, v, v, q, p, p];
        Tensor[] blues = [p, p, t, v, v, q];
        var red = zeros_like(v);
        var green = zeros_like(v);
        var blue = zeros_like(v);
        for (var k = 0; k < 6; k++)
        {
            var mask = i.eq(k).to_type(hsv.dtype);
            red.add_(reds[k] * mask);
            green.add_(greens[k] * mask);
            blue.add_(blues[k] * mask);
        }

        return stack([red, green, blue], 1).MoveToOuterDisposeScope();
    }

    private static Tensor Blend(Tensor images, Tensor other, IReadOnlyList<double> factors)
    {
        using var scope = NewDisposeScope();
        var f = PerImage(factors, images);
        return (images * f + other * (f.neg() + 1)).clamp_(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>(N,1,1,1) factors on the images' device and dtype.</summary>
    private static Tensor PerImage(IReadOnlyList<double> values, Tensor images)
    {
        if (values.Count != images.shape[0])
        {
            throw new ArgumentException($"{values.Count} factors for {images.shape[0]} images.", nameof(values));
        }

        return tensor(values.ToArray(), [values.Count, 1, 1, 1], images.dtype, images.device);
    }
}
