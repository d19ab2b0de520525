using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Dropout as an nn.Dropout module, so that it follows the network's train()/eval(): the identity in
/// inference (what ONNX Runtime does), random zeroing with survivors scaled by 1/(1-ratio) in training.
/// </summary>
internal sealed class DropoutTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Dropout"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        if (node.Output.Skip(1).Any(o => o.Length > 0))
            throw context.Fail(node, "its mask output is used; only the data output is supported.");

        // Opset 12 moved ratio from an attribute to an optional input (default 0.5 in both forms).
        var ratio = context.Opset < 12
            ? new NodeAttributes(node).Float("ratio", 0.5f)
            : RatioInput(node, context);
        if (ratio is < 0 or >= 1)
            throw context.Fail(node, $"ratio {ratio} is outside [0, 1).");

        var dropout = nn.Dropout(ratio);
        return CompiledNode.Create(node, inputs => [Run(dropout, ratio, inputs[0])], dropout, inputs: [node.Input[0]]);
    }

    private static double RatioInput(NodeProto node, ImportContext context)
    {
        if (node.Input.Count < 2 || node.Input[1].Length == 0) return 0.5;
        if (!context.IsConstant(node.Input[1]))
            throw context.Fail(node, $"its ratio input '{node.Input[1]}' must be constant.");
        using var ratio = context.Constant(node.Input[1]).to(ScalarType.Float64);
        return ratio.item<double>();
    }

    private static Tensor Run(Dropout dropout, double ratio, Tensor input) =>
        dropout.training ? F.dropout(input, ratio, training: true) : input.alias();
}
