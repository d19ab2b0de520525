namespace TLDeclarative.Declarations;

/// <summary>
/// Where the images are and how they are fed (YAML <c>data</c>). Folders hold one sub-folder per
/// class and are relative to the working directory. Set <see cref="ImageSize"/> for square
/// images, or <see cref="ImageHeight"/> and <see cref="ImageWidth"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DataAttribute : Attribute
{
    /// <param name="train">Training folder (YAML <c>data.train</c>).</param>
    /// <param name="validation">Validation folder or list file (YAML <c>data.validation</c>); null with <see cref="ValidationSplit"/>.</param>
    public DataAttribute(string train, string? validation)
    {
        Train = train;
        Validation = validation;
    }

    /// <summary>Training folder.</summary>
    public string Train { get; }

    /// <summary>Validation folder; null when <see cref="ValidationSplit"/> holds images out instead.</summary>
    public string? Validation { get; }

    /// <summary>Fraction of the training images held out for validation, in (0, 1) (YAML <c>data.validation_split</c>); then pass null as the validation folder.</summary>
    public double ValidationSplit { get; set; }

    /// <summary>How training batches are drawn (YAML <c>data.sampler</c>); shuffle when not set.</summary>
    public Sampler Sampler { get; set; }

    /// <summary>What happens to unreadable image files (YAML <c>data.corrupt_files</c>); fail when not set.</summary>
    public CorruptFiles CorruptFiles { get; set; }

    /// <summary>Optional held-out folder with the same class folders (YAML <c>data.test</c>).</summary>
    public string? Test { get; set; }

    /// <summary>Side of square input images in pixels (YAML <c>image_size: 150</c>).</summary>
    public int ImageSize { get; set; }

    /// <summary>Input height in pixels, with <see cref="ImageWidth"/> (YAML <c>image_size: [height, width]</c>).</summary>
    public int ImageHeight { get; set; }

    /// <summary>Input width in pixels, with <see cref="ImageHeight"/>.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Images per batch (YAML <c>data.batch_size</c>); 32 when not set.</summary>
    public int BatchSize { get; set; }
}
