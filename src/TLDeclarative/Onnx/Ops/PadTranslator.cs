using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Pad in its attribute form (opsets 2-10: pads, mode, value) and its input form (opset 11+: pads,
/// constant_value and, from 18, axes), modes constant, reflect and edge.
/// </summary>
internal sealed class PadTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Pad"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        var mode = attributes.String("mode", "constant");
        long[] pads;
        double value;
        long[]? axes = null;
        if (context.Opset < 11)
        {
            pads = attributes.Ints("pads") ?? throw context.Fail(node, "it has no pads attribute (the opset-1 'paddings' form is not supported).");
            value = attributes.Float("value", 0f);
        }
        else
        {
            if (node.Input.Count < 2 || node.Input[1].Length == 0) throw context.Fail(node, "it has no pads input.");
            value = ConstantValue(node, context);
            axes = context.OptionalInt64s(node, 3);
            if (!context.IsConstant(node.Input[1]))
            {
                // Pads computed from run-time sizes (Swin pads to a multiple of its window): read per call.
                var runtimeMode = PaddingMode(node, context, mode);
                return CompiledNode.Create(node, inputs => [Run(node, inputs[0], OnnxTensorData.ToInt64s(inputs[1]), axes, runtimeMode, value)],
                    inputs: [node.Input[0], node.Input[1]]);
            }

            pads = context.OptionalInt64s(node, 1)!;
        }

        var paddingMode = PaddingMode(node, context, mode);
        if (pads.Length % 2 != 0) throw context.Fail(node, $"pads has {pads.Length} values; expected begin and end per axis.");
        if (paddingMode != PaddingModes.Constant && pads.Any(p => p < 0))
            throw context.Fail(node, $"negative pads are only supported in constant mode, not '{mode}'.");
        var count = pads.Length / 2;
        if (paddingMode != PaddingModes.Constant && axes is null && Enumerable.Range(0, count - 3).Any(i => pads[i] != 0 || pads[i + count] != 0))
            throw context.Fail(node, $"'{mode}' padding is only supported on the last three axes (torch); pads are [{string.Join(",", pads)}].");

        return CompiledNode.Create(node, inputs => [Run(node, inputs[0], pads, axes, paddingMode, value)], inputs: [node.Input[0]]);
    }

    private static PaddingModes PaddingMode(NodeProto node, ImportContext context, string mode) => mode switch
    {
        "constant" => PaddingModes.Constant,
        "reflect" => PaddingModes.Reflect,
        "edge" => PaddingModes.Replicate,
        _ => throw context.Fail(node, $"mode '{mode}' is not supported (constant, reflect, edge)."),
    };

    private static double ConstantValue(NodeProto node, ImportContext context)
    {
        if (node.Input.Count < 3 || node.Input[2].Length == 0) return 0;
        if (!context.IsConstant(node.Input[2]))
            throw context.Fail(node, $"its constant_value input '{node.Input[2]}' must be constant.");
        using var asDouble = context.Constant(node.Input[2]).to(ScalarType.Float64);
        return asDouble.item<double>();
    }

    private static Tensor Run(NodeProto node, Tensor input, long[] pads, long[]? axes, PaddingModes mode, double value)
    {
        var rank = (int)input.ndim;
        var count = pads.Length / 2;
        var begin = new long[rank];
        var end = new long[rank];
        for (var i = 0; i < count; i++)
        {
            var axis = axes is null ? i : (int)(axes[i] < 0 ? axes[i] + rank : axes[i]);
            begin[axis] = pads[i];
            end[axis] = pads[i + count];
        }

        // F.pad takes (begin, end) pairs from the last dimension backwards; leading zero pairs can be dropped.
        var used = Enumerable.Range(0, rank).FirstOrDefault(d => begin[d] != 0 || end[d] != 0, rank);
        if (used == rank) return input.alias();
        if (mode != PaddingModes.Constant && used < rank - 3)
            throw new InvalidOperationException($"ONNX node '{node.Name}' (Pad): reflect/edge padding only works on the last three dimensions.");
        var torchPads = new List<long>();
        for (var d = rank - 1; d >= used; d--)
        {
            torchPads.Add(begin[d]);
            torchPads.Add(end[d]);
        }

        return F.pad(input, [.. torchPads], mode, value);
    }
}
