using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Gemm with a constant B (a classifier or dense layer) becomes an nn.Linear; alpha and beta are
/// folded into its weight and bias so that they train like any dense layer.
/// </summary>
internal sealed class GemmTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Gemm"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        var transposeA = attributes.Int("transA", 0) != 0;
        var transposeB = attributes.Int("transB", 0) != 0;
        var alpha = attributes.Float("alpha", 1f);
        var beta = attributes.Float("beta", 1f);

        var bShape = context.WeightShape(node, 1, "B");
        if (bShape.Length != 2) throw context.Fail(node, "B must be a matrix.");
        var (inFeatures, outFeatures) = transposeB ? (bShape[1], bShape[0]) : (bShape[0], bShape[1]);
        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;

        var linear = nn.Linear(inFeatures, outFeatures, hasBias);
        using (no_grad())
        {
            // Linear stores (out, in): that is B when transB=1, otherwise its transpose.
            using var b = empty(bShape);
            context.CopyWeight(node, 1, b, "B");
            using var outByIn = transposeB ? b.alias() : b.t();
            linear.weight.copy_(outByIn).mul_(alpha);
            if (hasBias) CopyBias(node, context, linear.bias!, outFeatures, beta);
        }

        return CompiledNode.Create(node, inputs => [Run(linear, transposeA, inputs[0])], linear, inputs: [node.Input[0]]);
    }

    private static Tensor Run(TorchSharp.Modules.Linear linear, bool transposeA, Tensor input)
    {
        if (!transposeA) return linear.forward(input);
        using var transposed = input.t();
        return linear.forward(transposed);
    }

    private static void CopyBias(NodeProto node, ImportContext context, Tensor bias, long outFeatures, float beta)
    {
        var cShape = context.WeightShape(node, 2, "C");
        if (cShape.Aggregate(1L, (a, b) => a * b) != outFeatures || cShape.Length > 2 || (cShape.Length == 2 && cShape[0] != 1))
            throw context.Fail(node, $"C of shape [{string.Join(",", cShape)}] is not a per-output bias.");
        using var c = empty(cShape);
        context.CopyWeight(node, 2, c, "C");
        bias.copy_(c.reshape(outFeatures)).mul_(beta);
    }
}
