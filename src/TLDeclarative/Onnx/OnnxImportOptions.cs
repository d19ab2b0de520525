namespace TLDeclarative.Onnx;

/// <summary>How <see cref="OnnxImporter"/> turns a graph into a module.</summary>
public sealed record OnnxImportOptions
{
    /// <summary>
    /// The value the module returns. Null: the graph's single output. Naming an intermediate value cuts
    /// the graph there; nodes it does not need are not imported.
    /// </summary>
    public string? OutputName { get; init; }

    /// <summary>
    /// Some exporters (CNTK among them) write SAME padding as explicit, asymmetric pads computed for
    /// the declared input size; copied literally they are wrong at any other size. When set, explicit
    /// pads that are asymmetric and equal SAME_LOWER or SAME_UPPER at the declared size are recomputed
    /// as SAME for every input size.
    /// </summary>
    public bool RecoverSamePadding { get; init; } = true;

    /// <summary>
    /// Cuts the graph at the output of the node with this name, which must be a 4-D feature map
    /// (N,C,H,W) at the declared input size. Exclusive with <see cref="OutputName"/> and <see cref="AutoCut"/>.
    /// </summary>
    public string? Cut { get; init; }

    /// <summary>
    /// Cuts the graph at its last spatial feature map: walking back from the output, the first 4-D value
    /// larger than 1x1 (at the declared input size) before the global pooling / flatten / classifier.
    /// </summary>
    public bool AutoCut { get; init; }
}
