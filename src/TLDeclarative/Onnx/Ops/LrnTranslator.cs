using Onnx;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// LocalResponseNormalization (AlexNet, GoogLeNet): x / (bias + alpha/size * sum of squares over a
/// window of channels)^beta. Written out rather than via torch's local_response_norm, whose window is
/// placed differently from ONNX's for even sizes.
/// </summary>
internal sealed class LrnTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["LRN"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        if (!attributes.Has("size")) throw context.Fail(node, "it has no size attribute.");
        var size = attributes.Int("size", 1);
        if (size < 1) throw context.Fail(node, $"size {size} must be positive.");
        double alpha = attributes.Float("alpha", 1e-4f), beta = attributes.Float("beta", 0.75f), bias = attributes.Float("bias", 1f);
        return CompiledNode.Create(node, inputs => [Run(inputs[0], size, alpha, beta, bias)]);
    }

    private static Tensor Run(Tensor x, long size, double alpha, double beta, double bias)
    {
        if (x.ndim != 4) throw new ArgumentException($"LRN expects (N,C,H,W), got [{string.Join(",", x.shape)}].");
        using var scope = NewDisposeScope();
        // ONNX window for channel c: [c - floor((size-1)/2), c + ceil((size-1)/2)].
        var before = (size - 1) / 2;
        var after = size - 1 - before;
        var squares = x.square();
        var padded = F.pad(squares, [0, 0, 0, 0, before, after]);
        var windowSums = padded.unfold(1, size, 1).sum(-1);
        var denominator = windowSums.mul(alpha / size).add_(bias).pow_(beta);
        return x.div(denominator).MoveToOuterDisposeScope();
    }
}
