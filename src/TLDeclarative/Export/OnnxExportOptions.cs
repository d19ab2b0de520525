namespace TLDeclarative.Export;

/// <summary>What the exported file records besides the weights.</summary>
/// <param name="Classes">Class names in output order (the experiment's classes).</param>
/// <param name="ImageHeight">The input height the model was trained at; the graph's input is fixed to it.</param>
/// <param name="ImageWidth">The input width the model was trained at.</param>
public sealed record OnnxExportOptions(IReadOnlyList<string> Classes, int ImageHeight, int ImageWidth)
{
    /// <summary>Recorded in the metadata and used as the graph name.</summary>
    public string ExperimentName { get; init; } = "model";
}

/// <summary>Names the exported graph uses: its input, its output and its metadata keys.</summary>
public static class OnnxExportNames
{
    /// <summary>float32 (N,3,H,W), RGB in [0,1]; N is free.</summary>
    public const string Input = "image";

    /// <summary>float32 (N,classes), each row sums to 1, columns in <see cref="ClassesKey"/> order.</summary>
    public const string Output = "probabilities";

    /// <summary>Metadata: the class names in output order, as a JSON array of strings.</summary>
    public const string ClassesKey = "classes";

    /// <summary>Metadata: the input height in pixels.</summary>
    public const string ImageHeightKey = "image_height";

    /// <summary>Metadata: the input width in pixels.</summary>
    public const string ImageWidthKey = "image_width";

    /// <summary>Metadata: the experiment name.</summary>
    public const string ExperimentKey = "experiment";

    /// <summary>Metadata: what the graph does to the input before the backbone, in words.</summary>
    public const string PreprocessingKey = "preprocessing";

    /// <summary>Metadata: "sigmoid" (two classes, one logit) or "softmax".</summary>
    public const string ClassifierKey = "classifier";
}
