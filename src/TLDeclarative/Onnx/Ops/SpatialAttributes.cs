using Onnx;

namespace TLDeclarative.Onnx.Ops;

/// <summary>Kernel, strides, dilations and padding of a 2-D Conv or Pool node.</summary>
internal sealed record SpatialAttributes(long[] Kernel, long[] Strides, long[] Dilations, SpatialPadding Padding)
{
    /// <param name="kernelFromWeight">Conv may omit kernel_shape: it follows from the weight.</param>
    /// <param name="limitToHalfKernel">Torch pools refuse symmetric padding above half the kernel.</param>
    public static SpatialAttributes Parse(NodeProto node, ImportContext context, long[]? kernelFromWeight,
        bool ceilMode, bool limitToHalfKernel)
    {
        var attributes = new NodeAttributes(node);
        var kernel = attributes.Ints("kernel_shape") ?? kernelFromWeight
            ?? throw context.Fail(node, "it has no kernel_shape.");
        if (kernel.Length != 2)
            throw context.Fail(node, $"only 2-D kernels are supported, kernel_shape has {kernel.Length} dimensions.");
        if (kernelFromWeight is not null && !kernel.SequenceEqual(kernelFromWeight))
            throw context.Fail(node, "kernel_shape disagrees with the weight's shape.");

        var strides = attributes.Ints("strides") ?? [1, 1];
        var dilations = attributes.Ints("dilations") ?? [1, 1];
        var pads = attributes.Ints("pads") ?? [0, 0, 0, 0];
        if (strides.Length != 2 || dilations.Length != 2 || pads.Length != 4)
            throw context.Fail(node, "strides, dilations and pads must match a 2-D kernel.");

        var mode = attributes.String("auto_pad", "NOTSET") switch
        {
            "NOTSET" or "" => PaddingMode.Explicit,
            "SAME_UPPER" => PaddingMode.SameUpper,
            "SAME_LOWER" => PaddingMode.SameLower,
            "VALID" => PaddingMode.Valid,
            var other => throw context.Fail(node, $"auto_pad '{other}' is unknown."),
        };

        var padding = new SpatialPadding(mode, pads, kernel, strides, dilations, ceilMode, limitToHalfKernel);
        return new SpatialAttributes(kernel, strides, dilations, padding);
    }
}
