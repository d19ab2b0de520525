namespace TLDeclarative.Declarations;

/// <summary>
/// Keras ImageDataGenerator-style random augmentation of training images (YAML <c>augmentation</c>).
/// Optional; every setting left out means no such transform.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AugmentationAttribute : Attribute
{
    /// <summary>Degrees; each image turns by an angle drawn from [-Rotation, Rotation].</summary>
    public double Rotation { get; set; }

    /// <summary>Fraction of the width, in [0, 1).</summary>
    public double WidthShift { get; set; }

    /// <summary>Fraction of the height, in [0, 1).</summary>
    public double HeightShift { get; set; }

    /// <summary>Shear angle in degrees.</summary>
    public double Shear { get; set; }

    /// <summary>Zoom factors drawn from [1 - Zoom, 1 + Zoom], in [0, 1).</summary>
    public double Zoom { get; set; }

    /// <summary>Mirror left-right with probability 0.5.</summary>
    public bool HorizontalFlip { get; set; }

    /// <summary>How the area a transform uncovers is filled; nearest when not set.</summary>
    public Fill FillMode { get; set; }

    /// <summary>Mirror top-bottom with probability 0.5.</summary>
    public bool VerticalFlip { get; set; }

    /// <summary>Brightness factor drawn from [1 - Brightness, 1 + Brightness]; Brightness in [0, 1).</summary>
    public double Brightness { get; set; }

    /// <summary>Contrast factor drawn from [1 - Contrast, 1 + Contrast]; Contrast in [0, 1).</summary>
    public double Contrast { get; set; }

    /// <summary>Saturation factor drawn from [1 - Saturation, 1 + Saturation]; Saturation in [0, 1).</summary>
    public double Saturation { get; set; }

    /// <summary>Hue shift drawn from [-Hue, Hue], a fraction of the colour wheel in [0, 0.5].</summary>
    public double Hue { get; set; }

    /// <summary>Probability of erasing one random rectangle of each image, in [0, 1].</summary>
    public double RandomErasing { get; set; }

    /// <summary>Mixup's Beta(alpha, alpha) parameter; 0 (off) when not set.</summary>
    public double Mixup { get; set; }

    /// <summary>CutMix's Beta(alpha, alpha) parameter; 0 (off) when not set.</summary>
    public double CutMix { get; set; }
}
