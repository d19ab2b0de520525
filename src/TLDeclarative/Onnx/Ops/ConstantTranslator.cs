using Onnx;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Constant nodes are folded at import: their value becomes a constant like an initializer.</summary>
internal sealed class ConstantTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Constant"];

    public CompiledNode? Translate(NodeProto node, ImportContext context)
    {
        var value = new NodeAttributes(node).Tensor("value")
            ?? throw context.Fail(node, "only the 'value' form (a tensor attribute) is supported.");
        context.AddConstant(node.Output[0], OnnxTensorData.ToTensor(value));
        return null;
    }
}
