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
}
