using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// LayerNormalization (opset 17): normalises over the axes from <c>axis</c> on. It has no running
/// statistics, so training and inference compute the same; its scale and bias train as the node's weights.
/// </summary>
internal sealed class LayerNormTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["LayerNormalization"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        var axis = attributes.Int("axis", -1);
        double epsilon = attributes.Float("epsilon", 1e-5f);
        if (node.Output.Skip(1).Any(o => o.Length > 0))
            throw context.Fail(node, "its mean and inverse standard deviation outputs are not supported (inference graphs do not use them).");
        return CompiledNode.Create(node, inputs => [LayerNorm(inputs, axis, epsilon)]);
    }

    private static Tensor LayerNorm(IReadOnlyList<Tensor> inputs, long axis, double epsilon)
    {
        var x = inputs[0];
        if (axis < 0) axis += x.ndim;
        long[] normalised = [.. x.shape[(int)axis..]];
        using var scale = inputs[1].expand(normalised);
        using var bias = inputs.Count > 2 ? inputs[2].expand(normalised) : null;
        return nn.functional.layer_norm(x, normalised, scale, bias, epsilon);
    }
}
