using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// ReduceMean / ReduceMax / ReduceSum (global pooling written as a reduction, e.g. by EfficientNet
/// exports): axes from the attribute, or from the input where the opset moved them there.
/// </summary>
internal sealed class ReduceTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["ReduceMean", "ReduceMax", "ReduceSum"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        // ReduceSum took axes as an input from opset 13, the others from opset 18.
        var axesAsInput = context.Opset >= (node.OpType == "ReduceSum" ? 13 : 18);
        var axes = axesAsInput ? context.OptionalInt64s(node, 1) : attributes.Ints("axes");
        var keepDims = attributes.Int("keepdims", 1) != 0;
        var noOpWithoutAxes = attributes.Int("noop_with_empty_axes", 0) != 0;
        var op = node.OpType;
        return CompiledNode.Create(node, inputs => [Reduce(op, inputs[0], axes, keepDims, noOpWithoutAxes)], inputs: [node.Input[0]]);
    }

    private static Tensor Reduce(string op, Tensor x, long[]? axes, bool keepDims, bool noOpWithoutAxes)
    {
        if (axes is null || axes.Length == 0)
        {
            if (noOpWithoutAxes) return x.alias();
            axes = Enumerable.Range(0, (int)x.ndim).Select(i => (long)i).ToArray();
        }

        return op switch
        {
            "ReduceMean" => x.mean(axes, keepDims),
            "ReduceMax" => x.amax(axes, keepDims),
            _ => x.sum(axes, keepDims),
        };
    }
}
