using Onnx;
using TLDeclarative.Tests.Backbones;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;

namespace TLDeclarative.Tests.Onnx;

/// <summary>Small networks shaped like the families the importer targets, with PyTorch-style heads.</summary>
internal static class OnnxTestNetworks
{
    /// <summary>Conv + BatchNormalization + Clip(0, 6) as MobileNetV2 writes it (opset 11+: bounds as inputs).</summary>
    private static OnnxModelBuilder ConvBnRelu6(this OnnxModelBuilder b, string name, string input, long inChannels, long outChannels,
        long kernel = 1, long stride = 1, long groups = 1, bool relu6 = true)
    {
        var pad = kernel / 2;
        b.Initializer($"{name}.w", [outChannels, inChannels / groups, kernel, kernel])
            .Initializer($"{name}.scale", [outChannels], 0.5f, 1.5f).Initializer($"{name}.shift", [outChannels])
            .Initializer($"{name}.mean", [outChannels]).Initializer($"{name}.var", [outChannels], 0.5f, 1.5f)
            .Node("Conv", $"{name}_conv", [input, $"{name}.w"], [$"{name}_conv_out"], Ints("kernel_shape", kernel, kernel),
                Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad), Int("group", groups))
            .Node("BatchNormalization", $"{name}_bn", [$"{name}_conv_out", $"{name}.scale", $"{name}.shift", $"{name}.mean", $"{name}.var"],
                [relu6 ? $"{name}_bn_out" : $"{name}_out"], Float("epsilon", 1e-5f), Float("momentum", 0.9f));
        if (relu6) b.Node("Clip", $"{name}_relu6", [$"{name}_bn_out", "zero", "six"], [$"{name}_out"]);
        return b;
    }

    /// <summary>
    /// MobileNetV2 in miniature (opset 13, input N x 3 x 32 x 32): stem, an inverted residual block with
    /// its Add, a strided block, the 1x1 "last conv", then GlobalAveragePool, PyTorch's
    /// Shape/Gather/Unsqueeze/Concat/Reshape flatten, Dropout and the classifier Gemm.
    /// </summary>
    public static ModelProto MobileNetV2Like() => new OnnxModelBuilder()
        .ImageInput("input", 3, 32, 32)
        .FloatInitializer("zero", [], 0f).FloatInitializer("six", [], 6f)
        .ConvBnRelu6("stem", "input", 3, 8, kernel: 3, stride: 2)
        .ConvBnRelu6("b1_expand", "stem_out", 8, 16)
        .ConvBnRelu6("b1_dw", "b1_expand_out", 16, 16, kernel: 3, groups: 16)
        .ConvBnRelu6("b1_project", "b1_dw_out", 16, 8, relu6: false)
        .Node("Add", "b1_add", ["stem_out", "b1_project_out"], ["b1_out"])
        .ConvBnRelu6("b2_expand", "b1_out", 8, 16)
        .ConvBnRelu6("b2_dw", "b2_expand_out", 16, 16, kernel: 3, stride: 2, groups: 16)
        .ConvBnRelu6("b2_project", "b2_dw_out", 16, 12, relu6: false)
        .ConvBnRelu6("last", "b2_project_out", 12, 32)
        .Node("GlobalAveragePool", "pool", ["last_out"], ["pooled"])
        .Int64Tensor("gather_index", [], 0).Int64Tensor("unsqueeze_axes", [1], 0).Int64Tensor("minus_one", [1], -1)
        .Node("Shape", "shape", ["pooled"], ["pooled_shape"])
        .Node("Gather", "batch", ["pooled_shape", "gather_index"], ["batch"], Int("axis", 0))
        .Node("Unsqueeze", "batch_1d", ["batch", "unsqueeze_axes"], ["batch_1d"])
        .Node("Concat", "flat_shape", ["batch_1d", "minus_one"], ["flat_shape"], Int("axis", 0))
        .Node("Reshape", "flatten", ["pooled", "flat_shape"], ["flat"])
        .FloatInitializer("drop_ratio", [], 0.2f)
        .Node("Dropout", "dropout", ["flat", "drop_ratio"], ["dropped"])
        .Initializer("fc.w", [10, 32]).Initializer("fc.b", [10])
        .Node("Gemm", "classifier", ["dropped", "fc.w", "fc.b"], ["logits"], Int("transB", 1))
        .Output("logits")
        .Build(13);

    /// <summary>The output value of the last Clip, where the automatic cut must land in <see cref="MobileNetV2Like"/>.</summary>
    public const string MobileNetV2FeatureMap = "last_out";

    /// <summary>
    /// An Inception block in miniature (opset 11, input N x 3 x 28 x 28): stem with ceil-mode MaxPool and LRN,
    /// four branches (1x1; 1x1 then Pad-input-form + 3x3; AveragePool without padding counted; MaxPool then
    /// 1x1), Concat, then GlobalAveragePool, Squeeze (axes attribute), Gemm and Softmax.
    /// </summary>
    public static ModelProto InceptionLike()
    {
        var b = new OnnxModelBuilder().ImageInput("input", 3, 28, 28);
        void Conv(string name, string input, long inC, long outC, long k = 1)
        {
            b.Initializer($"{name}.w", [outC, inC, k, k]).Initializer($"{name}.b", [outC])
                .Node("Conv", name, [input, $"{name}.w", $"{name}.b"], [$"{name}_conv"])
                .Node("Relu", $"{name}_relu", [$"{name}_conv"], [$"{name}_out"]);
        }

        Conv("stem", "input", 3, 8, 3);
        b.Node("MaxPool", "stem_pool", ["stem_out"], ["stem_pooled"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Int("ceil_mode", 1))
            .Node("LRN", "stem_lrn", ["stem_pooled"], ["stem_norm"], Int("size", 5), Float("alpha", 1e-2f));
        Conv("branch1x1", "stem_norm", 8, 4);
        Conv("branch3x3_reduce", "stem_norm", 8, 4);
        b.Int64Tensor("pads", [8], 0, 0, 1, 1, 0, 0, 1, 1)
            .Node("Pad", "branch3x3_pad", ["branch3x3_reduce_out", "pads"], ["branch3x3_padded"]);
        Conv("branch3x3", "branch3x3_padded", 4, 6, 3);
        b.Node("AveragePool", "branch_avg", ["stem_norm"], ["avg"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("count_include_pad", 0));
        Conv("branch_avg_proj", "avg", 8, 2);
        b.Node("MaxPool", "branch_max", ["stem_norm"], ["max"], Ints("kernel_shape", 3, 3), Ints("strides", 1, 1), Ints("pads", 1, 1, 1, 1));
        Conv("branch_max_proj", "max", 8, 2);
        return b.Node("Concat", "mixed", ["branch1x1_out", "branch3x3_out", "branch_avg_proj_out", "branch_max_proj_out"], ["mixed_out"], Int("axis", 1))
            .Node("GlobalAveragePool", "gap", ["mixed_out"], ["gap"])
            .Node("Squeeze", "squeeze", ["gap"], ["squeezed"], Ints("axes", 2, 3))
            .Initializer("fc.w", [5, 14]).Initializer("fc.b", [5])
            .Node("Gemm", "fc", ["squeezed", "fc.w", "fc.b"], ["logits"], Int("transB", 1))
            .Node("Softmax", "prob", ["logits"], ["prob"], Int("axis", 1))
            .Output("prob")
            .Build(11);
    }

    public const string InceptionFeatureMap = "mixed_out";
}
