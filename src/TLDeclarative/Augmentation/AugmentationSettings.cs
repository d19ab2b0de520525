using TLDeclarative.Spec.Model;

namespace TLDeclarative.Augmentation;

/// <summary>Keras ImageDataGenerator-style random augmentation; all zero/false means none.</summary>
/// <param name="Rotation">Degrees; each image turns by an angle drawn from [-Rotation, Rotation].</param>
/// <param name="WidthShift">Fraction of the width; shift drawn from [-WidthShift, WidthShift] * width.</param>
/// <param name="HeightShift">Fraction of the height; shift drawn from [-HeightShift, HeightShift] * height.</param>
/// <param name="Shear">Shear angle in degrees (as Keras), drawn from [-Shear, Shear].</param>
/// <param name="Zoom">Zoom factors drawn from [1 - Zoom, 1 + Zoom], independently per axis; above 1 shrinks the content (as Keras).</param>
/// <param name="HorizontalFlip">Mirror left-right with probability 0.5.</param>
/// <param name="FillMode">How the area a transform uncovers is filled.</param>
public sealed record AugmentationSettings(
    double Rotation,
    double WidthShift,
    double HeightShift,
    double Shear,
    double Zoom,
    bool HorizontalFlip,
    FillMode FillMode)
{
    /// <summary>Mirror top-bottom with probability 0.5.</summary>
    public bool VerticalFlip { get; init; }

    /// <summary>Brightness factor drawn from [1 - Brightness, 1 + Brightness].</summary>
    public double Brightness { get; init; }

    /// <summary>Contrast factor drawn from [1 - Contrast, 1 + Contrast].</summary>
    public double Contrast { get; init; }

    /// <summary>Saturation factor drawn from [1 - Saturation, 1 + Saturation].</summary>
    public double Saturation { get; init; }

    /// <summary>Hue shift drawn from [-Hue, Hue], as a fraction of the colour wheel (at most 0.5).</summary>
    public double Hue { get; init; }

    /// <summary>Random crop of a random area and aspect ratio, resized back to the input size; null: none.</summary>
    public RandomResizedCropSettings? RandomResizedCrop { get; init; }

    /// <summary>Probability of erasing one random rectangle of each image (0: never).</summary>
    public double RandomErasing { get; init; }

    /// <summary>Mixup's Beta(alpha, alpha) parameter; 0: off.</summary>
    public double Mixup { get; init; }

    /// <summary>CutMix's Beta(alpha, alpha) parameter; 0: off.</summary>
    public double CutMix { get; init; }

    /// <summary>No augmentation.</summary>
    public static AugmentationSettings None { get; } = new(0, 0, 0, 0, 0, false, FillMode.Nearest);

    /// <summary>True when nothing is enabled: no per-image transform and no batch mixing.</summary>
    public bool IsIdentity => !HasImageTransforms && !MixesBatches;

    /// <summary>Whether a Keras-style affine transform (rotation, shifts, shear, zoom, horizontal flip) is enabled.</summary>
    public bool HasAffine => Rotation != 0 || WidthShift != 0 || HeightShift != 0 || Shear != 0 || Zoom != 0 || HorizontalFlip;

    /// <summary>Whether a colour change (brightness, contrast, saturation, hue) is enabled.</summary>
    public bool HasColorJitter => Brightness != 0 || Contrast != 0 || Saturation != 0 || Hue != 0;

    /// <summary>Whether any per-image transform is enabled: <see cref="BatchAugmenter.Augment"/> returns its input otherwise.</summary>
    public bool HasImageTransforms => HasAffine || VerticalFlip || HasColorJitter || RandomResizedCrop is not null || RandomErasing != 0;

    /// <summary>Whether mixup or cutmix blends images (and labels) across the batch.</summary>
    public bool MixesBatches => Mixup != 0 || CutMix != 0;

    /// <summary>The settings an experiment spec declares.</summary>
    public static AugmentationSettings FromSpec(AugmentationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fill = spec.FillMode switch
        {
            FillModeKind.Nearest => FillMode.Nearest,
            FillModeKind.Constant => FillMode.Constant,
            FillModeKind.Reflect => FillMode.Reflect,
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.FillMode, "Unknown fill mode."),
        };
        return new AugmentationSettings(spec.Rotation, spec.WidthShift, spec.HeightShift, spec.Shear, spec.Zoom, spec.HorizontalFlip, fill)
        {
            VerticalFlip = spec.VerticalFlip,
            Brightness = spec.Brightness,
            Contrast = spec.Contrast,
            Saturation = spec.Saturation,
            Hue = spec.Hue,
            RandomResizedCrop = spec.RandomResizedCrop is { } crop ? new RandomResizedCropSettings(crop.MinScale, crop.MaxScale, crop.MinRatio, crop.MaxRatio) : null,
            RandomErasing = spec.RandomErasing,
            Mixup = spec.Mixup,
            CutMix = spec.CutMix,
        };
    }

    /// <summary>Throws when a range is negative or would fold the image (zoom 1 or more, shear 90 degrees).</summary>
    public void Validate()
    {
        Check(Rotation, 180, nameof(Rotation));
        Check(WidthShift, 1, nameof(WidthShift));
        Check(HeightShift, 1, nameof(HeightShift));
        Check(Shear, 89, nameof(Shear));
        if (!(Zoom >= 0 && Zoom < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Zoom), Zoom, "Zoom must be in [0, 1).");
        }

        CheckFactor(Brightness, nameof(Brightness));
        CheckFactor(Contrast, nameof(Contrast));
        CheckFactor(Saturation, nameof(Saturation));
        Check(Hue, 0.5, nameof(Hue));
        Check(RandomErasing, 1, nameof(RandomErasing));
        CheckFactor(Mixup, nameof(Mixup));
        CheckFactor(CutMix, nameof(CutMix));
        if (RandomResizedCrop is { } crop)
        {
            if (!(crop.MinScale > 0 && crop.MinScale <= crop.MaxScale && crop.MaxScale <= 1))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(RandomResizedCrop), crop, $"RandomResizedCrop scale must satisfy 0 < min <= max <= 1, not [{crop.MinScale}, {crop.MaxScale}].");
            }

            if (!(crop.MinRatio > 0 && crop.MinRatio <= crop.MaxRatio && double.IsFinite(crop.MaxRatio)))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(RandomResizedCrop), crop, $"RandomResizedCrop ratio must satisfy 0 < min <= max, not [{crop.MinRatio}, {crop.MaxRatio}].");
            }
        }

        if (!Enum.IsDefined(FillMode))
        {
            throw new ArgumentOutOfRangeException(nameof(FillMode), FillMode, "Unknown fill mode.");
        }
    }

    // Colour factors and Beta parameters: any finite non-negative number (colour factors below 0 clamp to 0, as torchvision).
    private static void CheckFactor(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }
    }

    private static void Check(double value, double max, string name)
    {
        // Written so that NaN fails too.
        if (!(value >= 0 && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, {max}].");
        }
    }
}
