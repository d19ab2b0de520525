using Onnx;
using TLDeclarative.Tests.Backbones;
using Xunit.Abstractions;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>
/// Every supported operator of the common CNN families, in the opsets it is exported with, against
/// ONNX Runtime on a graph built here: max |ours - ORT| must be at most 1e-5.
/// </summary>
public sealed class OnnxOperatorParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;
    private static readonly long[] Image = [2, 4, 9, 9];

    private sealed record Case(ModelProto Model, long[] InputShape, float InputScale = 2f);

    private static Case Unary(string op, long opset, params AttributeProto[] attributes) =>
        new(new OnnxModelBuilder().Input("x", Image).Node(op, "op", ["x"], ["y"], attributes).Output("y").Build(opset, Ir(opset)), Image);

    private static long Ir(long opset) => opset <= 8 ? 3 : opset <= 13 ? 7 : 8;

    private static readonly Dictionary<string, Func<Case>> Cases = new(StringComparer.Ordinal)
    {
        ["Clip relu6, attributes (opset 9)"] = () => Unary("Clip", 9, Float("min", 0), Float("max", 6)) with { InputScale = 5 },
        ["Clip relu6, inputs (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .FloatInitializer("lo", [], 0f).FloatInitializer("hi", [], 6f)
            .Node("Clip", "clip", ["x", "lo", "hi"], ["y"]).Output("y").Build(13), Image, 5),
        ["Clip max only, inputs (opset 11)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .FloatInitializer("hi", [], 1f)
            .Node("Clip", "clip", ["x", "", "hi"], ["y"]).Output("y").Build(11), Image),
        ["HardSigmoid default (opset 13)"] = () => Unary("HardSigmoid", 13) with { InputScale = 4 },
        ["HardSigmoid alpha/beta (opset 6)"] = () => Unary("HardSigmoid", 6, Float("alpha", 1f / 6), Float("beta", 0.5f)) with { InputScale = 4 },
        ["HardSwish (opset 14)"] = () => Unary("HardSwish", 14) with { InputScale = 4 },
        ["Sigmoid (opset 13)"] = () => Unary("Sigmoid", 13),
        ["Relu (opset 6)"] = () => Unary("Relu", 6),
        ["LeakyRelu alpha 0.1 (opset 6)"] = () => Unary("LeakyRelu", 6, Float("alpha", 0.1f)),
        ["Identity (opset 13)"] = () => Unary("Identity", 13),
        ["GlobalAveragePool (opset 1)"] = () => Unary("GlobalAveragePool", 7),
        ["Softmax axis 1 on 4-D, legacy flatten (opset 11)"] = () => Unary("Softmax", 11, Int("axis", 1)),
        ["Softmax default axis (opset 13)"] = () => Unary("Softmax", 13),
        ["LRN size 5 (AlexNet, opset 13)"] = () => Unary("LRN", 13, Int("size", 5), Float("alpha", 1e-2f), Float("beta", 0.75f), Float("bias", 2f)) with { InputScale = 3 },
        // ONNX Runtime refuses even sizes, so only odd windows can be compared.
        ["LRN size 3, default alpha/beta/bias (opset 7)"] = () => Unary("LRN", 7, Int("size", 3)) with { InputScale = 3 },
        ["Dropout ratio attribute, inference (opset 7)"] = () => Unary("Dropout", 7, Float("ratio", 0.3f)),
        ["Dropout ratio input, inference (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image).FloatInitializer("ratio", [], 0.3f)
            .Node("Dropout", "drop", ["x", "ratio"], ["y"]).Output("y").Build(13), Image),
        ["MaxPool ceil_mode (opset 10)"] = () => new(new OnnxModelBuilder().Input("x", 2, 4, 14, 14)
            .Node("MaxPool", "pool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Int("ceil_mode", 1)).Output("y").Build(10), [2, 4, 14, 14]),
        ["MaxPool ceil_mode with pads (opset 10)"] = () => new(new OnnxModelBuilder().Input("x", 2, 4, 14, 14)
            .Node("MaxPool", "pool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), Int("ceil_mode", 1)).Output("y").Build(10), [2, 4, 14, 14]),
        ["AveragePool ceil_mode with pads, count_include_pad=0 (opset 19)"] = () => new(new OnnxModelBuilder().Input("x", 2, 4, 14, 14)
            .Node("AveragePool", "pool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), Int("ceil_mode", 1)).Output("y").Build(19, 9), [2, 4, 14, 14]),
        ["MaxPool strides and pads (opset 8)"] = () => Unary("MaxPool", 8, Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)),
        ["AveragePool count_include_pad=1 (opset 7)"] = () => Unary("AveragePool", 7, Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("count_include_pad", 1)),
        ["AveragePool count_include_pad=0, strides (opset 11)"] = () => Unary("AveragePool", 11, Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)),
        ["AveragePool ceil_mode (opset 10)"] = () => Unary("AveragePool", 10, Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Int("ceil_mode", 1)),
        ["Pad attributes, constant 0.5 (opset 2)"] = () => Unary("Pad", 2, Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1), Float("value", 0.5f)),
        ["Pad attributes, reflect (opset 10)"] = () => Unary("Pad", 10, Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1), String("mode", "reflect")),
        ["Pad inputs, edge (opset 11)"] = () => new(new OnnxModelBuilder().Input("x", Image).Int64Tensor("pads", [8], 0, 0, 2, 1, 0, 0, 1, 2)
            .Node("Pad", "pad", ["x", "pads"], ["y"], String("mode", "edge")).Output("y").Build(11), Image),
        ["Pad inputs, constant value (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image).Int64Tensor("pads", [8], 0, 0, 1, 1, 0, 0, 1, 1)
            .FloatInitializer("value", [], -1.5f)
            .Node("Pad", "pad", ["x", "pads", "value"], ["y"]).Output("y").Build(13), Image),
        ["Pad inputs with axes (opset 18)"] = () => new(new OnnxModelBuilder().Input("x", Image).Int64Tensor("pads", [4], 1, 0, 0, 2)
            .FloatInitializer("value", [], 0f).Int64Tensor("axes", [2], -1, 2)
            .Node("Pad", "pad", ["x", "pads", "value", "axes"], ["y"]).Output("y").Build(18, 8), Image),
        ["ReduceMean keepdims=1, axes attribute (opset 13)"] = () => Unary("ReduceMean", 13, Ints("axes", 2, 3)),
        ["ReduceMean keepdims=0, axes input (opset 18)"] = () => new(new OnnxModelBuilder().Input("x", Image).Int64Tensor("axes", [2], -1, -2)
            .Node("ReduceMean", "mean", ["x", "axes"], ["y"], Int("keepdims", 0)).Output("y").Build(18, 8), Image),
        ["Squeeze/Unsqueeze axes attributes (opset 11)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Node("GlobalAveragePool", "gap", ["x"], ["g"])
            .Node("Squeeze", "sq", ["g"], ["s"], Ints("axes", 2, 3))
            .Node("Unsqueeze", "unsq", ["s"], ["y"], Ints("axes", -1)).Output("y").Build(11), Image),
        ["Squeeze/Unsqueeze axes inputs (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image).Int64Tensor("sq_axes", [2], 3, 2).Int64Tensor("unsq_axes", [1], 1)
            .Node("GlobalAveragePool", "gap", ["x"], ["g"])
            .Node("Squeeze", "sq", ["g", "sq_axes"], ["s"])
            .Node("Unsqueeze", "unsq", ["s", "unsq_axes"], ["y"]).Output("y").Build(13), Image),
        ["Shape/Gather/Unsqueeze/Concat into Reshape (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Int64Tensor("zero", [], 0).Int64Tensor("axes0", [1], 0).Int64Tensor("minus_one", [1], -1)
            .Node("Shape", "shape", ["x"], ["shape"])
            .Node("Gather", "batch", ["shape", "zero"], ["batch"], Int("axis", 0))
            .Node("Unsqueeze", "batch1", ["batch", "axes0"], ["batch1"])
            .Node("Concat", "target", ["batch1", "minus_one"], ["target"], Int("axis", 0))
            .Node("Reshape", "flatten", ["x", "target"], ["y"]).Output("y").Build(13), Image),
        ["Shape/Gather/Cast/Unsqueeze chain with attributes (opset 9)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Int64Tensor("one", [], 1)
            .Node("Constant", "minus_one", [], ["minus_one"], Tensor("value", Int64Proto("minus_one", [1], -1)))
            .Node("Shape", "shape", ["x"], ["shape"])
            .Node("Gather", "channels", ["shape", "one"], ["channels"])
            .Node("Cast", "cast", ["channels"], ["channels64"], Int("to", (long)TensorProto.Types.DataType.Int64))
            .Node("Unsqueeze", "channels1", ["channels64"], ["channels1"], Ints("axes", 0))
            .Node("Concat", "target", ["minus_one", "channels1"], ["target"], Int("axis", 0))
            .Node("Transpose", "nhwc", ["x"], ["nhwc"], Ints("perm", 0, 2, 3, 1))
            .Node("Reshape", "rows", ["nhwc", "target"], ["y"]).Output("y").Build(9, 4), Image),
        ["Flatten, Gemm, Relu, Dropout, Gemm, Softmax (VGG head, opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("fc1", [16, 324]).Initializer("b1", [16]).Initializer("fc2", [5, 16]).Initializer("b2", [5])
            .Node("Flatten", "flat", ["x"], ["f"], Int("axis", 1))
            .Node("Gemm", "gemm1", ["f", "fc1", "b1"], ["g1"], Int("transB", 1))
            .Node("Relu", "relu", ["g1"], ["r"])
            .Node("Dropout", "drop", ["r"], ["d"])
            .Node("Gemm", "gemm2", ["d", "fc2", "b2"], ["g2"], Int("transB", 1))
            .Node("Softmax", "softmax", ["g2"], ["y"], Int("axis", 1)).Output("y").Build(13), Image),
        ["Mul/Add broadcasting with constants and run-time values (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("per_channel", [4, 1, 1]).Initializer("bias", [1, 4, 1, 1]).FloatInitializer("half", [], 0.5f)
            .Node("Mul", "scale", ["x", "per_channel"], ["a"])
            .Node("Add", "shift", ["a", "bias"], ["b"])
            .Node("GlobalAveragePool", "gap", ["b"], ["g"])
            .Node("Mul", "gate", ["b", "g"], ["c"])
            .Node("Add", "plus", ["c", "half"], ["y"]).Output("y").Build(13), Image),
        ["Sum of three, Sub, Div (opset 8)"] = () => new(new OnnxModelBuilder().Input("x", Image).Initializer("k", [1, 4, 1, 1], 1f, 2f)
            .Node("Relu", "r", ["x"], ["r"])
            .Node("Sigmoid", "s", ["x"], ["s"])
            .Node("Sum", "sum", ["x", "r", "s"], ["t"])
            .Node("Sub", "sub", ["t", "k"], ["u"])
            .Node("Div", "div", ["u", "k"], ["y"]).Output("y").Build(8, 3), Image),
        ["Depthwise Conv, BatchNormalization, Clip (MobileNet block, opset 9)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("dw", [4, 1, 3, 3]).Initializer("pw", [8, 4, 1, 1]).Initializer("pwb", [8])
            .Initializer("scale", [4], 0.5f, 1.5f).Initializer("shift", [4]).Initializer("mean", [4]).Initializer("var", [4], 0.5f, 1.5f)
            .Node("Conv", "dw", ["x", "dw"], ["d"], Int("group", 4), Ints("pads", 1, 1, 1, 1), Ints("strides", 2, 2))
            .Node("BatchNormalization", "bn", ["d", "scale", "shift", "mean", "var"], ["n"], Float("epsilon", 1e-3f), Float("momentum", 0.99f))
            .Node("Clip", "relu6", ["n"], ["c"], Float("min", 0), Float("max", 6))
            .Node("Conv", "pw", ["c", "pw", "pwb"], ["y"]).Output("y").Build(9, 4), Image, 4),
        ["Grouped Conv and BatchNormalization (opset 15)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("w", [8, 2, 3, 3])
            .Initializer("scale", [8], 0.5f, 1.5f).Initializer("shift", [8]).Initializer("mean", [8]).Initializer("var", [8], 0.5f, 1.5f)
            .Node("Conv", "conv", ["x", "w"], ["c"], Int("group", 2), Ints("pads", 1, 1, 1, 1))
            .Node("BatchNormalization", "bn", ["c", "scale", "shift", "mean", "var"], ["y"]).Output("y").Build(15, 8), Image),
        ["Squeeze-excite with ReduceMean, Sigmoid, Mul (EfficientNet, opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("reduce", [2, 4, 1, 1]).Initializer("rb", [2]).Initializer("expand", [4, 2, 1, 1]).Initializer("eb", [4])
            .Node("Sigmoid", "sig", ["x"], ["s"])
            .Node("Mul", "swish", ["x", "s"], ["a"])
            .Node("ReduceMean", "squeeze", ["a"], ["m"], Ints("axes", 2, 3), Int("keepdims", 1))
            .Node("Conv", "se_reduce", ["m", "reduce", "rb"], ["r"])
            .Node("Relu", "se_relu", ["r"], ["rr"])
            .Node("Conv", "se_expand", ["rr", "expand", "eb"], ["e"])
            .Node("Sigmoid", "se_gate", ["e"], ["g"])
            .Node("Mul", "excite", ["a", "g"], ["y"]).Output("y").Build(13), Image),
        ["Fire module: 1x1 and 3x3 paths concatenated (SqueezeNet, opset 9)"] = () => new(new OnnxModelBuilder().Input("x", Image)
            .Initializer("sq", [2, 4, 1, 1]).Initializer("sqb", [2]).Initializer("e1", [3, 2, 1, 1]).Initializer("e1b", [3]).Initializer("e3", [5, 2, 3, 3]).Initializer("e3b", [5])
            .Node("Conv", "squeeze", ["x", "sq", "sqb"], ["s"])
            .Node("Relu", "squeeze_relu", ["s"], ["sr"])
            .Node("Conv", "expand1x1", ["sr", "e1", "e1b"], ["a"])
            .Node("Relu", "expand1x1_relu", ["a"], ["ar"])
            .Node("Conv", "expand3x3", ["sr", "e3", "e3b"], ["b"], Ints("pads", 1, 1, 1, 1))
            .Node("Relu", "expand3x3_relu", ["b"], ["br"])
            .Node("Concat", "concat", ["ar", "br"], ["y"], Int("axis", 1)).Output("y").Build(9, 4), Image),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    private static TensorProto Int64Proto(string name, long[] shape, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(shape);
        tensor.Int64Data.Add(values);
        return tensor;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Operator_matches_onnx_runtime(string name)
    {
        var @case = Cases[name]();
        using var scope = NewDisposeScope();
        manual_seed(11);
        var input = randn(@case.InputShape) * @case.InputScale;

        var diff = OnnxParity.MaxAbsDiff(@case.Model, input);

        output.WriteLine($"{name}: max |ours - ORT| = {diff:E2}");
        Assert.True(diff <= Tolerance, $"{name}: max abs diff {diff:E3} > {Tolerance:E0}");
    }

    [Fact]
    public void LRN_with_an_even_size_follows_the_onnx_window()
    {
        // ONNX Runtime refuses even sizes; the spec's window for size 4 is [c-1, c+2].
        var model = new OnnxModelBuilder().Input("x", Image)
            .Node("LRN", "lrn", ["x"], ["y"], Int("size", 4), Float("alpha", 0.4f), Float("beta", 0.75f), Float("bias", 2f))
            .Output("y").Build(13);
        using var module = global::TLDeclarative.Onnx.OnnxImporter.Import(model, "lrn.onnx");
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(Image);

        var ours = module.forward(x);

        var squares = x.square();
        var channels = (int)Image[1];
        var expected = stack(Enumerable.Range(0, channels).Select(c =>
        {
            var window = squares[.., Math.Max(0, c - 1)..Math.Min(channels, c + 3)].sum(1);
            return x[.., c] / (2 + (0.4 / 4 * window)).pow(0.75);
        }), 1);
        Assert.True((ours - expected).abs().max().item<float>() <= 1e-6);
    }

    [Fact]
    public void Reflect_padding_of_the_batch_axis_is_refused_at_import()
    {
        var model = new OnnxModelBuilder().Input("x", Image)
            .Node("Pad", "pad", ["x"], ["y"], Ints("pads", 1, 0, 0, 0, 1, 0, 0, 0), String("mode", "reflect"))
            .Output("y").Build(10);

        var error = Assert.Throws<global::TLDeclarative.Onnx.OnnxImportException>(() => global::TLDeclarative.Onnx.OnnxImporter.Import(model, "pad.onnx"));

        Assert.Equal("ONNX node 'pad' (op type Pad) in 'pad.onnx': 'reflect' padding is only supported on the last three axes (torch); pads are [1,0,0,0,1,0,0,0].", error.Message);
    }

    [Fact]
    public void Shape_arithmetic_on_constants_is_folded_at_import()
    {
        var model = new OnnxModelBuilder().Input("x", Image)
            .Int64Tensor("channels", [], 4).Int64Tensor("axes", [1], 0).Int64Tensor("rest", [2], -1, 9)
            .Node("Unsqueeze", "channels_1d", ["channels", "axes"], ["channels_1d"])
            .Node("Concat", "target", ["channels_1d", "rest"], ["target"], Int("axis", 0))
            .Node("Reshape", "reshape", ["x", "target"], ["y"])
            .Output("y").Build(13);
        using var scope = NewDisposeScope();
        manual_seed(1);

        using var module = global::TLDeclarative.Onnx.OnnxImporter.Import(model.Clone(), "folded.onnx");
        var diff = OnnxParity.MaxAbsDiff(model, module, randn(Image));

        Assert.Equal(["Reshape"], module.Nodes.Select(n => n.OpType));
        Assert.Equal(0f, diff);
    }

    [Fact]
    public void The_batch_size_stays_free_through_shape_arithmetic()
    {
        // Reshape(x, [Shape(x)[0], -1]) must not bake in the batch size seen at import.
        var @case = Cases["Shape/Gather/Unsqueeze/Concat into Reshape (opset 13)"]();
        using var scope = NewDisposeScope();
        using var module = global::TLDeclarative.Onnx.OnnxImporter.Import(@case.Model.Clone(), "flatten.onnx");

        Assert.Equal(new long[] { 5, 324 }, module.forward(randn(5, 4, 9, 9)).shape);
        Assert.Equal(new long[] { 1, 4 * 12 * 10 }, module.forward(randn(1, 4, 12, 10)).shape);

        // Moving the module (here: to double) must leave the int64 shape constants usable.
        module.to(ScalarType.Float64);
        Assert.Equal(new long[] { 3, 324 }, module.forward(randn(3, 4, 9, 9, ScalarType.Float64)).shape);
    }
}
