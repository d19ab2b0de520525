using Onnx;

namespace TLDeclarative.Onnx;

/// <summary>Turns nodes of a family of ONNX operators into runnable (and trainable) nodes.</summary>
internal interface IOpTranslator
{
    IReadOnlyCollection<string> OpTypes { get; }

    /// <summary>The compiled node, or null when the node was folded into a constant at import.</summary>
    CompiledNode? Translate(NodeProto node, ImportContext context);
}
