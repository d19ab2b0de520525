using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// The glue PyTorch exports around view/flatten: Shape, Gather, Unsqueeze, Squeeze and Cast. Chains of
/// them on constants are folded at import; a chain that starts from Shape of a run-time value is
/// evaluated per call on tiny int64 tensors, so the batch size and image size stay free.
/// </summary>
internal sealed class ShapeArithmeticTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Shape", "Gather", "Unsqueeze", "Squeeze", "Cast"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        switch (node.OpType)
        {
            case "Shape":
                var start = attributes.Int("start", 0);
                var end = attributes.Has("end") ? attributes.Int("end", 0) : (long?)null;
                return CompiledNode.Create(node, inputs => [Shape(inputs[0], start, end)]);
            case "Gather":
                var axis = attributes.Int("axis", 0);
                return CompiledNode.Create(node, inputs => [Gather(inputs[0], inputs[1], axis)]);
            case "Unsqueeze":
            case "Squeeze":
                // Opset 13 moved axes from an attribute to an (optional, for Squeeze) input.
                var axes = context.Opset < 13 ? attributes.Ints("axes") : context.OptionalInt64s(node, 1);
                if (node.OpType == "Unsqueeze")
                {
                    var unsqueezeAxes = axes ?? throw context.Fail(node, "it has no axes.");
                    return CompiledNode.Create(node, inputs => [Unsqueeze(inputs[0], unsqueezeAxes)], inputs: [node.Input[0]]);
                }

                return CompiledNode.Create(node, inputs => [Squeeze(inputs[0], axes)], inputs: [node.Input[0]]);
            default:
                var type = CastTarget(node, context, attributes.Int("to", 0));
                return CompiledNode.Create(node, inputs => [inputs[0].to(type)]);
        }
    }

    private static ScalarType CastTarget(NodeProto node, ImportContext context, long onnxType) => (TensorProto.Types.DataType)onnxType switch
    {
        TensorProto.Types.DataType.Float => ScalarType.Float32,
        TensorProto.Types.DataType.Double => ScalarType.Float64,
        TensorProto.Types.DataType.Int32 => ScalarType.Int32,
        TensorProto.Types.DataType.Int64 => ScalarType.Int64,
        TensorProto.Types.DataType.Bool => ScalarType.Bool,
        var other => throw context.Fail(node, $"casting to {other} is not supported (float, double, int32, int64, bool)."),
    };

    private static Tensor Shape(Tensor x, long start, long? end)
    {
        var rank = x.ndim;
        var from = Math.Clamp(start < 0 ? start + rank : start, 0, rank);
        var to = Math.Clamp(end is { } e ? (e < 0 ? e + rank : e) : rank, from, rank);
        return tensor(x.shape[(int)from..(int)to], ScalarType.Int64, x.device);
    }

    /// <summary>ONNX Gather: output shape is data[:axis] + indices + data[axis+1:]; negative indices count from the end.</summary>
    private static Tensor Gather(Tensor data, Tensor indices, long axis)
    {
        if (axis < 0) axis += data.ndim;
        using var scope = NewDisposeScope();
        var length = data.shape[axis];
        var index = indices.to(ScalarType.Int64, data.device);
        index = where(index < 0, index + length, index);
        var picked = data.index_select(axis, index.flatten());
        long[] shape = [.. data.shape[..(int)axis], .. indices.shape, .. data.shape[((int)axis + 1)..]];
        return picked.reshape(shape).MoveToOuterDisposeScope();
    }

    private static Tensor Unsqueeze(Tensor x, long[] axes)
    {
        var rank = x.ndim + axes.Length;
        var result = x.alias();
        foreach (var axis in axes.Select(a => a < 0 ? a + rank : a).Order())
        {
            using var previous = result;
            result = previous.unsqueeze(axis);
        }

        return result;
    }

    private static Tensor Squeeze(Tensor x, long[]? axes)
    {
        if (axes is null) return x.squeeze();
        var result = x.alias();
        foreach (var axis in axes.Select(a => a < 0 ? a + x.ndim : a).OrderDescending())
        {
            if (x.shape[axis] != 1)
                throw new InvalidOperationException($"Squeeze: dimension {axis} of [{string.Join(",", x.shape)}] is not 1.");
            using var previous = result;
            result = previous.squeeze(axis);
        }

        return result;
    }
}
