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
}
