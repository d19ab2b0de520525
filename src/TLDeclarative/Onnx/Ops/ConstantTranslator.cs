using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Constant nodes are folded at import: their value becomes a constant like an initializer.</summary>
internal sealed class ConstantTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Constant"];

    public CompiledNode? Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        context.AddConstant(node.Output[0], Value(node, context, attributes));
        return null;
    }

    /// <summary>Opset 12 added scalar and list forms beside the 'value' tensor.</summary>
    private static Tensor Value(NodeProto node, ImportContext context, NodeAttributes attributes)
    {
        if (attributes.Tensor("value") is { } value) return OnnxTensorData.ToTensor(value);
        if (attributes.Has("value_float")) return tensor(attributes.Float("value_float", 0));
        if (attributes.Has("value_int")) return tensor(attributes.Int("value_int", 0));
        if (attributes.Floats("value_floats") is { } floats) return tensor(floats);
        if (attributes.Ints("value_ints") is { } ints) return tensor(ints);
        throw context.Fail(node, "only the value, value_float(s) and value_int(s) forms are supported.");
    }
}
