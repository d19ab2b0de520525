using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Activations, broadcasting arithmetic and comparisons (ONNX broadcasting is numpy's, like torch's),
/// and MatMul: the transformer's dense layers (a constant B becomes the node's trainable weight).
/// </summary>
internal sealed class ElementwiseTranslator : IOpTranslator
{
    private static readonly Dictionary<string, Func<Tensor, Tensor, Tensor>> Binary = new(StringComparer.Ordinal)
    {
        ["Add"] = (a, b) => a + b,
        ["Sub"] = (a, b) => a - b,
        ["Mul"] = (a, b) => a * b,
        ["Div"] = Divide,
        ["Pow"] = (a, b) => a.pow(b),
        ["Equal"] = (a, b) => a.eq(b),
        ["MatMul"] = (a, b) => a.matmul(b),
    };

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Unary = new(StringComparer.Ordinal)
    {
        ["Relu"] = x => nn.functional.relu(x),
        ["Sigmoid"] = x => x.sigmoid(),
        ["Tanh"] = x => x.tanh(),
        ["Sqrt"] = x => x.sqrt(),
        ["Erf"] = x => x.erf(),
        ["Not"] = x => x.logical_not(),
    };

    public IReadOnlyCollection<string> OpTypes { get; } = [.. Binary.Keys, .. Unary.Keys, "LeakyRelu", "Mod", "Where"];

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

        switch (node.OpType)
        {
            case "LeakyRelu":
                double slope = attributes.Float("alpha", 0.01f);
                return CompiledNode.Create(node, inputs => [nn.functional.leaky_relu(inputs[0], slope)]);
            case "Mod":
                // fmod=0 (integers): the result takes the divisor's sign, like Python's %; fmod=1: C's fmod.
                var fmod = attributes.Int("fmod", 0) != 0;
                return CompiledNode.Create(node, inputs => [fmod ? inputs[0].fmod(inputs[1]) : inputs[0].remainder(inputs[1])]);
            case "Where":
                return CompiledNode.Create(node, inputs => [where(inputs[0], inputs[1], inputs[2])]);
            default:
                var unary = Unary[node.OpType];
                return CompiledNode.Create(node, inputs => [unary(inputs[0])]);
        }
    }

    /// <summary>ONNX divides integers with truncation (shape arithmetic: channels / groups); torch's '/' would give floats.</summary>
    private static Tensor Divide(Tensor a, Tensor b) =>
        a.is_floating_point() || b.is_floating_point() ? a / b : a.div(b, RoundingMode.trunc);
}
