using Onnx;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Onnx.Ops;

/// <summary>MaxPool, AveragePool and their global forms.</summary>
internal sealed class PoolTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> OpTypes { get; } = ["MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"];

    public CompiledNode Translate(NodeProto node, ImportContext context)
    {
        switch (node.OpType)
        {
            case "GlobalAveragePool":
                return CompiledNode.Create(node, inputs => [inputs[0].mean(SpatialDims(inputs[0]), keepdim: true)]);
            case "GlobalMaxPool":
                return CompiledNode.Create(node, inputs => [inputs[0].amax(SpatialDims(inputs[0]), keepdim: true)]);
        }

        var attributes = new NodeAttributes(node);
        if (node.Output.Skip(1).Any(o => o.Length > 0))
            throw context.Fail(node, "the Indices output is not supported.");
        var ceilMode = attributes.Int("ceil_mode", 0) != 0;
        var geometry = SpatialAttributes.Parse(node, context, null, ceilMode, limitToHalfKernel: true);

        if (node.OpType == "MaxPool")
            return CompiledNode.Create(node, inputs => [MaxPool(inputs[0], geometry, ceilMode)], padding: geometry.Padding);

        if (geometry.Dilations.Any(d => d != 1))
            throw context.Fail(node, "dilated AveragePool is not supported.");
        var countPadding = attributes.Int("count_include_pad", 0) != 0;
        return CompiledNode.Create(node, inputs => [AveragePool(inputs[0], geometry, ceilMode, countPadding)], padding: geometry.Padding);
    }

    private static long[] SpatialDims(Tensor input) => Enumerable.Range(2, (int)input.ndim - 2).Select(d => (long)d).ToArray();

    private static Tensor MaxPool(Tensor input, SpatialAttributes geometry, bool ceilMode)
    {
        var padding = geometry.Padding.Resolve(input.shape.AsSpan(2));
        if (padding.Explicit is null)
            return F.max_pool2d(input, geometry.Kernel, geometry.Strides, padding.Symmetric, geometry.Dilations, ceilMode);

        // Padding with -inf never wins a maximum, as ONNX requires.
        using var padded = F.pad(input, padding.Explicit, value: double.NegativeInfinity);
        return F.max_pool2d(padded, geometry.Kernel, geometry.Strides, padding.Symmetric, geometry.Dilations, ceilMode);
    }

    private static Tensor AveragePool(Tensor input, SpatialAttributes geometry, bool ceilMode, bool countPadding)
    {
        var padding = geometry.Padding.Resolve(input.shape.AsSpan(2));
        if (padding.Explicit is null)
            return F.avg_pool2d(input, geometry.Kernel, geometry.Strides, padding.Symmetric, ceilMode, countPadding);

        using var padded = F.pad(input, padding.Explicit);
        var pooled = F.avg_pool2d(padded, geometry.Kernel, geometry.Strides, padding.Symmetric, ceilMode, count_include_pad: true);
        if (countPadding) return pooled;

        // Excluding padding: divide by the share of real elements in each window.
        using var _ = pooled;
        using var mask = ones(1, 1, input.shape[2], input.shape[3], input.dtype, input.device);
        using var paddedOnes = F.pad(mask, padding.Explicit);
        using var share = F.avg_pool2d(paddedOnes, geometry.Kernel, geometry.Strides, padding.Symmetric, ceilMode, count_include_pad: true);
        return pooled / share;
    }
}
