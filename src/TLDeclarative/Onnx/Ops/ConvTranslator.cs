using Onnx;
using TLDeclarative.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Conv becomes an nn.Conv2d (weights trainable) run with per-size padding, through the convolution guard.</summary>
internal sealed class ConvTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["Conv"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        var weightShape = context.WeightShape(node, 1, "weight");
        if (weightShape.Length != 4)
            throw context.Fail(node, $"only 2-D convolutions are supported; the weight has {weightShape.Length} dimensions.");

        var groups = new NodeAttributes(node).Int("group", 1);
        var geometry = SpatialAttributes.Parse(node, context, weightShape[2..], ceilMode: false, limitToHalfKernel: false);
        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;

        // The module owns the parameters; padding is applied per call, so its own padding stays 0.
        var conv = nn.Conv2d(weightShape[1] * groups, weightShape[0], (weightShape[2], weightShape[3]),
            stride: (geometry.Strides[0], geometry.Strides[1]),
            dilation: (geometry.Dilations[0], geometry.Dilations[1]),
            groups: groups, bias: hasBias);
        using (no_grad())
        {
            context.CopyWeight(node, 1, conv.weight, "weight");
            if (hasBias) context.CopyWeight(node, 2, conv.bias!, "bias");
        }

        return CompiledNode.Create(node, inputs => [Run(conv, geometry, inputs[0])], conv, geometry.Padding, [node.Input[0]]);
    }

    private static Tensor Run(Conv2d conv, SpatialAttributes geometry, Tensor input)
    {
        var padding = geometry.Padding.Resolve(input.shape.AsSpan(2));
        if (padding.Explicit is null)
            return GuardedConvolution.Conv2d(input, conv.weight, conv.bias, geometry.Strides, padding.Symmetric, geometry.Dilations, conv.groups);

        using var padded = F.pad(input, padding.Explicit);
        return GuardedConvolution.Conv2d(padded, conv.weight, conv.bias, geometry.Strides, padding.Symmetric, geometry.Dilations, conv.groups);
    }
}
