using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// BatchNormalization becomes a real nn.BatchNorm2d: running statistics are buffers, training mode
/// normalises with batch statistics and updates them, and freeze policies can put it in eval().
/// </summary>
internal sealed class BatchNormTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["BatchNormalization"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        if (attributes.Int("spatial", 1) != 1)
            throw context.Fail(node, "spatial=0 (per-activation statistics) is not supported.");
        if (node.Output.Skip(1).Any(o => o.Length > 0))
            throw context.Fail(node, "training-mode outputs (running mean/var) are not supported; the module tracks them itself.");

        var channels = context.WeightShape(node, 1, "scale")[0];
        // ONNX: running = running * momentum + batch * (1 - momentum); torch weights the batch by its momentum.
        var bn = nn.BatchNorm2d(channels,
            eps: attributes.Float("epsilon", 1e-5f),
            momentum: 1.0 - attributes.Float("momentum", 0.9f));
        using (no_grad())
        {
            context.CopyWeight(node, 1, bn.weight, "scale");
            context.CopyWeight(node, 2, bn.bias!, "bias");
            context.CopyWeight(node, 3, bn.running_mean!, "mean");
            context.CopyWeight(node, 4, bn.running_var!, "variance");
        }

        return CompiledNode.Create(node, inputs => [bn.forward(inputs[0])], bn, inputs: [node.Input[0]]);
    }
}
