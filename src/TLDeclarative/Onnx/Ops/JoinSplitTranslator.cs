using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Concat, Split and Slice along constant axes.</summary>
internal sealed class JoinSplitTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Concat", "Split", "Slice"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        switch (node.OpType)
        {
            case "Concat":
                var axis = attributes.Int("axis", 0);
                return CompiledNode.Create(node, inputs => [cat(inputs.ToArray(), axis)]);
            case "Split":
                var splitAxis = attributes.Int("axis", 0);
                // The sizes moved from an attribute to an input in opset 13.
                var sizes = attributes.Ints("split") ?? context.OptionalInt64s(node, 1);
                var parts = node.Output.Count;
                return CompiledNode.Create(node, inputs => Split(inputs[0], splitAxis, sizes, parts), inputs: [node.Input[0]]);
            default:
                return TranslateSlice(node, context, attributes);
        }
    }

    private static Tensor[] Split(Tensor input, long axis, long[]? sizes, int parts)
    {
        if (sizes is not null) return input.split(sizes, axis);
        var length = input.shape[axis < 0 ? axis + input.ndim : axis];
        return input.split((length + parts - 1) / parts, (int)axis);
    }

    private static CompiledNode TranslateSlice(NodeProto node, ImportContext context, NodeAttributes attributes)
    {
        // Opset 10 turned the attributes into inputs (and added steps).
        var legacy = context.Opset < 10;
        if (!legacy && node.Input.Skip(1).Any(n => n.Length > 0 && !context.IsConstant(n)))
            return RuntimeSlice(node);
        var starts = (legacy ? attributes.Ints("starts") : context.OptionalInt64s(node, 1)) ?? throw context.Fail(node, "it has no starts.");
        var ends = (legacy ? attributes.Ints("ends") : context.OptionalInt64s(node, 2)) ?? throw context.Fail(node, "it has no ends.");
        var axes = (legacy ? attributes.Ints("axes") : context.OptionalInt64s(node, 3)) ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        var steps = (legacy ? null : context.OptionalInt64s(node, 4)) ?? Enumerable.Repeat(1L, starts.Length).ToArray();
        if (steps.Any(s => s == 0))
            throw context.Fail(node, "a slice step of 0 is not allowed.");

        return CompiledNode.Create(node, inputs => [Slice(inputs[0], starts, ends, axes, steps)], inputs: [node.Input[0]]);
    }

    /// <summary>
    /// Bounds computed from run-time sizes (ShuffleNet's channel split: Shape, Gather, Div, Mul) are read
    /// per call from their tiny int64 tensors, so any channel count or image size works.
    /// </summary>
    private static CompiledNode RuntimeSlice(NodeProto node)
    {
        var present = node.Input.Select((name, index) => (name, index)).Where(p => p.name.Length > 0).ToList();
        var position = present.Select((p, k) => (p.index, k)).ToDictionary(p => p.index, p => p.k);
        return CompiledNode.Create(node, inputs =>
        {
            long[]? Read(int index) => position.TryGetValue(index, out var k) ? OnnxTensorData.ToInt64s(inputs[k]) : null;
            var starts = Read(1)!;
            var axes = Read(3) ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            var steps = Read(4) ?? Enumerable.Repeat(1L, starts.Length).ToArray();
            if (steps.Any(s => s == 0)) throw new InvalidOperationException($"Slice '{node.Name}': a slice step of 0 is not allowed.");
            return [Slice(inputs[0], starts, Read(2)!, axes, steps)];
        });
    }

    private static Tensor Slice(Tensor input, long[] starts, long[] ends, long[] axes, long[] steps)
    {
        var result = input.alias();
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = axes[i] < 0 ? axes[i] + input.ndim : axes[i];
            using var previous = result;
            result = steps[i] > 0
                ? SliceForward(previous, axis, starts[i], ends[i], steps[i])
                : SliceBackward(previous, axis, starts[i], ends[i], steps[i]);
        }

        return result;
    }

    private static Tensor SliceForward(Tensor input, long axis, long start, long end, long step)
    {
        var length = input.shape[axis];
        start = Math.Clamp(start < 0 ? start + length : start, 0, length);
        end = Math.Clamp(end < 0 ? end + length : end, 0, length);
        return input.slice(axis, start, Math.Max(start, end), step);
    }

    /// <summary>A negative step walks from start down to (not including) end: ONNX clamps start to [0, n-1] and end to [-1, n-1].</summary>
    private static Tensor SliceBackward(Tensor input, long axis, long start, long end, long step)
    {
        var length = input.shape[axis];
        start = Math.Clamp(start < 0 ? start + length : start, 0, length - 1);
        end = Math.Clamp(end < 0 ? end + length : end, -1, length - 1);
        if (start <= end) return input.slice(axis, 0, 0, 1);
        using var index = arange(start, end, step, ScalarType.Int64, input.device);
        return input.index_select(axis, index);
    }
}
