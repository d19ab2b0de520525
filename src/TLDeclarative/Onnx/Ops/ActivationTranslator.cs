using Onnx;
using static TorchSharp.torch;

namespace TLDeclarative.Onnx.Ops;

/// <summary>
/// Activations and normalisers of mobile and classic CNNs: Clip (ReLU6), HardSigmoid, HardSwish,
/// Softmax/LogSoftmax and the variadic Sum.
/// </summary>
internal sealed class ActivationTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Clip", "HardSigmoid", "HardSwish", "Softmax", "LogSoftmax", "Sum"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var attributes = new NodeAttributes(node);
        switch (node.OpType)
        {
            case "Clip":
                var (min, max) = ClipBounds(node, context, attributes);
                return CompiledNode.Create(node, inputs => [Clamp(inputs[0], min, max)], inputs: [node.Input[0]]);
            case "HardSigmoid":
                double alpha = attributes.Float("alpha", 0.2f), beta = attributes.Float("beta", 0.5f);
                return CompiledNode.Create(node, inputs => [HardSigmoid(inputs[0], alpha, beta)]);
            case "HardSwish":
                // ONNX defines it as x * HardSigmoid(x, 1/6, 0.5); written out so that it matches to the last bit.
                return CompiledNode.Create(node, inputs => [HardSwish(inputs[0])]);
            case "Softmax":
            case "LogSoftmax":
                // Opset 13 changed the default axis from 1 to -1 and dropped the "flatten to 2-D" rule.
                var legacy = context.Opset < 13;
                var axis = attributes.Int("axis", legacy ? 1 : -1);
                var log = node.OpType == "LogSoftmax";
                return CompiledNode.Create(node, inputs => [Softmax(inputs[0], axis, legacy, log)]);
            default:
                return CompiledNode.Create(node, inputs => [Sum(inputs)]);
        }
    }

    private static (double? Min, double? Max) ClipBounds(NodeProto node, ImportContext context, NodeAttributes attributes)
    {
        // Opset 11 moved min and max from attributes to optional (constant) inputs.
        if (context.Opset < 11)
        {
            return (attributes.Has("min") ? attributes.Float("min", 0) : null,
                    attributes.Has("max") ? attributes.Float("max", 0) : null);
        }

        return (OptionalScalar(node, context, 1, "min"), OptionalScalar(node, context, 2, "max"));
    }

    private static double? OptionalScalar(NodeProto node, ImportContext context, int index, string role)
    {
        if (index >= node.Input.Count || node.Input[index].Length == 0) return null;
        var name = node.Input[index];
        if (!context.IsConstant(name))
            throw context.Fail(node, $"its {role} input '{name}' must be constant; bounds computed at run time are not supported.");
        var value = context.Constant(name);
        if (value.numel() != 1) throw context.Fail(node, $"its {role} input '{name}' must be a scalar.");
        using var asDouble = value.to(ScalarType.Float64);
        return asDouble.item<double>();
    }

    private static Tensor Clamp(Tensor x, double? min, double? max) => (min, max) switch
    {
        ({ } low, { } high) => x.clamp(low, high),
        ({ } low, null) => x.clamp_min(low),
        (null, { } high) => x.clamp_max(high),
        _ => x.alias(),
    };

    private static Tensor HardSigmoid(Tensor x, double alpha, double beta)
    {
        using var scaled = x * alpha;
        using var shifted = scaled + beta;
        return shifted.clamp(0, 1);
    }

    private static Tensor HardSwish(Tensor x)
    {
        using var gate = HardSigmoid(x, 1.0 / 6, 0.5);
        return x * gate;
    }

    private static Tensor Softmax(Tensor x, long axis, bool legacy, bool log)
    {
        if (axis < 0) axis += x.ndim;
        if (!legacy || axis == x.ndim - 1)
            return log ? x.log_softmax(axis) : x.softmax(axis);

        var outer = x.shape.Take((int)axis).Aggregate(1L, (a, b) => a * b);
        using var flat = x.reshape(outer, -1);
        using var normalised = log ? flat.log_softmax(1) : flat.softmax(1);
        return normalised.reshape(x.shape);
    }

    private static Tensor Sum(IReadOnlyList<Tensor> inputs)
    {
        var total = inputs[0].alias();
        for (var i = 1; i < inputs.Count; i++)
        {
            using var previous = total;
            total = previous + inputs[i];
        }

        return total;
    }
}
