using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Dropout as an nn.Dropout module, so that it follows the network's train()/eval() (not the graph's
/// training_mode input): the identity in inference (what ONNX Runtime does), random zeroing with
/// survivors scaled by 1/(1-ratio) in training. The optional mask output is produced when named.
/// </summary>
internal sealed class DropoutTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Dropout"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        // Opset 12 moved ratio from an attribute to an optional input (default 0.5 in both forms).
        var ratio = context.Opset < 12
            ? new NodeAttributes(node).Float("ratio", 0.5f)
            : RatioInput(node, context);
        if (ratio is < 0 or >= 1)
            throw context.Fail(node, $"ratio {ratio} is outside [0, 1).");

        var dropout = nn.Dropout(ratio);
        var wantsMask = node.Output.Count > 1 && node.Output[1].Length > 0;
        return CompiledNode.Create(node, inputs => Run(dropout, ratio, inputs[0], wantsMask), dropout, inputs: [node.Input[0]]);
    }

    private static double RatioInput(NodeProto node, ImportContext context)
    {
        if (node.Input.Count < 2 || node.Input[1].Length == 0) return 0.5;
        if (!context.IsConstant(node.Input[1]))
            throw context.Fail(node, $"its ratio input '{node.Input[1]}' must be constant.");
        using var ratio = context.Constant(node.Input[1]).to(ScalarType.Float64);
        return ratio.item<double>();
    }

    /// <summary>The data output, and the mask (true where kept) when the graph names it.</summary>
    private static Tensor[] Run(Dropout dropout, double ratio, Tensor input, bool wantsMask)
    {
        if (!dropout.training)
            return wantsMask ? [input.alias(), ones_like(input, ScalarType.Bool)] : [input.alias()];
        if (!wantsMask) return [F.dropout(input, ratio, training: true)];

        using var draw = rand_like(input);
        var keep = draw >= ratio;
        using var kept = input * keep;
        return [kept / (1 - ratio), keep];
    }
}
