using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Flatten, Reshape, Transpose, Identity: shape bookkeeping with constant arguments.</summary>
internal sealed class ShapeTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Flatten", "Reshape", "Transpose", "Identity"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        switch (node.OpType)
        {
            case "Flatten":
                var axis = attributes.Int("axis", 1);
                return CompiledNode.Create(node, inputs => [Flatten(inputs[0], axis)]);
            case "Reshape":
                var allowZero = attributes.Int("allowzero", 0) != 0;
                if (node.Input.Count < 2 || node.Input[1].Length == 0) throw context.Fail(node, "it has no shape input.");
                if (!context.IsConstant(node.Input[1]))
                {
                    // A shape computed from Shape/Gather/Concat at run time: read per call (tiny, int64).
                    return CompiledNode.Create(node, inputs => [Reshape(inputs[0], OnnxTensorData.ToInt64s(inputs[1]), allowZero)]);
                }

                var shape = context.OptionalInt64s(node, 1)!;
                return CompiledNode.Create(node, inputs => [Reshape(inputs[0], shape, allowZero)], inputs: [node.Input[0]]);
            case "Transpose":
                var permutation = attributes.Ints("perm");
                return CompiledNode.Create(node, inputs => [inputs[0].permute(permutation ?? Reversed(inputs[0].ndim))]);
            default:
                // A new handle on the same storage: the executor may dispose values independently.
                return CompiledNode.Create(node, inputs => [inputs[0].alias()]);
        }
    }

    private static Tensor Flatten(Tensor input, long axis)
    {
        if (axis < 0) axis += input.ndim;
        var outer = input.shape.Take((int)axis).Aggregate(1L, (a, b) => a * b);
        return input.reshape(outer, -1);
    }

    private static Tensor Reshape(Tensor input, long[] shape, bool allowZero)
    {
        // ONNX 0 means "copy this dimension" unless allowzero is set.
        var resolved = shape.Select((d, i) => d == 0 && !allowZero ? input.shape[i] : d).ToArray();
        return input.reshape(resolved);
    }

    private static long[] Reversed(long rank) => Enumerable.Range(0, (int)rank).Select(i => rank - 1 - i).ToArray();
}
