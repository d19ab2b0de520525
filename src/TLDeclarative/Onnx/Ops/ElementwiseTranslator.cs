using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Activations and broadcasting arithmetic (ONNX broadcasting is numpy's, like torch's).</summary>
internal sealed class ElementwiseTranslator : IOpTranslator
{
    private static readonly Dictionary<string, Func<Tensor, Tensor, Tensor>> Binary = new(StringComparer.Ordinal)
    {
        ["Add"] = (a, b) => a + b,
        ["Sub"] = (a, b) => a - b,
        ["Mul"] = (a, b) => a * b,
        ["Div"] = (a, b) => a / b,
    };

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Unary = new(StringComparer.Ordinal)
    {
        ["Relu"] = x => nn.functional.relu(x),
        ["Sigmoid"] = x => x.sigmoid(),
        ["Tanh"] = x => x.tanh(),
    };

    public IReadOnlyCollection<string> OpTypes { get; } = [.. Binary.Keys, .. Unary.Keys, "LeakyRelu"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        if (Binary.TryGetValue(node.OpType, out var binary))
        {
            // Before opset 7 an axis attribute changed broadcasting; that legacy rule is not reproduced.
            if (attributes.Has("axis"))
                throw context.Fail(node, "legacy broadcasting with an axis attribute is not supported.");
            return CompiledNode.Create(node, inputs => [binary(inputs[0], inputs[1])]);
        }

        if (node.OpType == "LeakyRelu")
        {
            double slope = attributes.Float("alpha", 0.01f);
            return CompiledNode.Create(node, inputs => [nn.functional.leaky_relu(inputs[0], slope)]);
        }

        var unary = Unary[node.OpType];
        return CompiledNode.Create(node, inputs => [unary(inputs[0])]);
    }
}
