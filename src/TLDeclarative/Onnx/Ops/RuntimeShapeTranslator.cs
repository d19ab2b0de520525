using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Tensors made or shaped from run-time sizes, as PyTorch writes them for attention masks, window
/// indices and class tokens: ConstantOfShape, Expand, Range and ScatterND. On constants they are folded
/// at import like any other node.
/// </summary>
internal sealed class RuntimeShapeTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["ConstantOfShape", "Expand", "Range", "ScatterND"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        switch (node.OpType)
        {
            case "ConstantOfShape":
                var proto = new NodeAttributes(node).Tensor("value");
                var fill = proto is null ? zeros(1) : OnnxTensorData.ToTensor(proto);
                return CompiledNode.Create(node, inputs => [ConstantOfShape(inputs[0], fill)]);
            case "Expand":
                return CompiledNode.Create(node, inputs => [Expand(inputs[0], inputs[1])]);
            case "Range":
                return CompiledNode.Create(node, inputs => [Range(inputs[0], inputs[1], inputs[2])]);
            default:
                var reduction = new NodeAttributes(node).String("reduction", "none");
                if (reduction != "none") throw context.Fail(node, $"reduction '{reduction}' is not supported (only 'none').");
                return CompiledNode.Create(node, inputs => [ScatterND(inputs[0], inputs[1], inputs[2])]);
        }
    }

    private static Tensor ConstantOfShape(Tensor shape, Tensor fill)
    {
        using var value = fill.reshape(1).to(shape.device);
        return value.expand(OnnxTensorData.ToInt64s(shape)).contiguous();
    }

    /// <summary>ONNX Expand broadcasts both ways: a 1 in the shape keeps the input's size.</summary>
    private static Tensor Expand(Tensor input, Tensor shape)
    {
        var target = OnnxTensorData.ToInt64s(shape);
        var rank = Math.Max(target.Length, (int)input.ndim);
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var a = i - (rank - (int)input.ndim) is var ia and >= 0 ? input.shape[ia] : 1;
            var b = i - (rank - target.Length) is var ib and >= 0 ? target[ib] : 1;
            result[i] = a == 1 ? b : a;
        }

        return input.expand(result);
    }

    private static Tensor Range(Tensor start, Tensor limit, Tensor delta)
    {
        if (start.is_floating_point())
            return arange(start.item<float>(), limit.item<float>(), delta.item<float>(), start.dtype, start.device);
        return arange(start.to(ScalarType.Int64).item<long>(), limit.to(ScalarType.Int64).item<long>(), delta.to(ScalarType.Int64).item<long>(),
            start.dtype, start.device);
    }

    /// <summary>A copy of <paramref name="data"/> with the slices that <paramref name="indices"/> address replaced by <paramref name="updates"/>.</summary>
    private static Tensor ScatterND(Tensor data, Tensor indices, Tensor updates)
    {
        using var scope = NewDisposeScope();
        var depth = (int)indices.shape[^1];
        long[] rows = [.. data.shape[..depth]];
        var strides = new long[depth];
        for (long k = depth - 1, stride = 1; k >= 0; stride *= rows[k], k--) strides[k] = stride;
        var index = indices.reshape(-1, depth).to(ScalarType.Int64);
        index = where(index < 0, index + tensor(rows, device: index.device), index);
        var linear = (index * tensor(strides, device: index.device)).sum(1);
        var flat = data.reshape(rows.Aggregate(1L, (a, b) => a * b), -1);
        var scattered = flat.index_copy(0, linear, updates.reshape(linear.shape[0], -1));
        return scattered.reshape(data.shape).MoveToOuterDisposeScope();
    }
}
