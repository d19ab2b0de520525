using Onnx;
using TLDeclarative.Tests.Backbones;
using Xunit.Abstractions;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>
/// The operators PyTorch writes for transformers, ShuffleNet and Swin (and that MiniLM's graph uses),
/// against ONNX Runtime on graphs built here: max |ours - ORT| must be at most 1e-5.
/// </summary>
public sealed class OnnxTransformerOperatorParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;
    private static readonly long[] Tokens = [2, 5, 8];
    private const long Int64Max = long.MaxValue;

    private sealed record Case(ModelProto Model, Func<Tensor> Input);

    private static Func<Tensor> Normal(params long[] shape) => () => randn(shape) * 2;

    private static readonly Dictionary<string, Func<Case>> Cases = new(StringComparer.Ordinal)
    {
        ["MatMul with a constant weight, then a bias Add (a dense layer on tokens)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Initializer("w", [8, 6]).Initializer("b", [6])
            .Node("MatMul", "dense", ["x", "w"], ["h"])
            .Node("Add", "bias", ["h", "b"], ["y"]).Output("y").Build(17, 8), Normal(Tokens)),
        ["MatMul of two run-time values (attention scores)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Node("Transpose", "keys", ["x"], ["k"], Ints("perm", 0, 2, 1))
            .Node("MatMul", "scores", ["x", "k"], ["y"]).Output("y").Build(13), Normal(Tokens)),
        ["Pow, Sqrt, Erf: BERT's LayerNorm and GELU written out (opset 13)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .FloatInitializer("two", [], 2f).FloatInitializer("eps", [], 1e-12f).Initializer("gamma", [8], 0.5f, 1.5f).Initializer("beta", [8])
            .FloatInitializer("sqrt2", [], 1.4142135f).FloatInitializer("one", [], 1f).FloatInitializer("half", [], 0.5f)
            .Node("ReduceMean", "mean", ["x"], ["m"], Ints("axes", -1))
            .Node("Sub", "centre", ["x", "m"], ["d"])
            .Node("Pow", "square", ["d", "two"], ["d2"])
            .Node("ReduceMean", "variance", ["d2"], ["v"], Ints("axes", -1))
            .Node("Add", "plus_eps", ["v", "eps"], ["ve"])
            .Node("Sqrt", "std", ["ve"], ["s"])
            .Node("Div", "normalise", ["d", "s"], ["n"])
            .Node("Mul", "scale", ["n", "gamma"], ["ns"])
            .Node("Add", "shift", ["ns", "beta"], ["h"])
            .Node("Div", "over_sqrt2", ["h", "sqrt2"], ["hs"])
            .Node("Erf", "erf", ["hs"], ["e"])
            .Node("Add", "erf_plus_one", ["e", "one"], ["e1"])
            .Node("Mul", "gate", ["h", "e1"], ["g"])
            .Node("Mul", "gelu", ["g", "half"], ["y"]).Output("y").Build(13), Normal(Tokens)),
        ["LayerNormalization over the last axis (opset 17)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Initializer("scale", [8], 0.5f, 1.5f).Initializer("bias", [8])
            .Node("LayerNormalization", "ln", ["x", "scale", "bias"], ["y"], Float("epsilon", 1e-6f)).Output("y").Build(17, 8), Normal(Tokens)),
        ["LayerNormalization over the last two axes, no bias (opset 17)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Initializer("scale", [5, 8], 0.5f, 1.5f)
            .Node("LayerNormalization", "ln", ["x", "scale"], ["y"], Int("axis", -2)).Output("y").Build(17, 8), Normal(Tokens)),
        ["ConstantOfShape, Equal, Not, Where (a mask from run-time sizes)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Node("Shape", "shape", ["x"], ["s"])
            .Node("ConstantOfShape", "zeros", ["s"], ["z"], Tensor("value", FloatTensor("v", [1], [0f])))
            .Node("ConstantOfShape", "halves", ["s"], ["c"], Tensor("value", FloatTensor("v", [1], [0.5f])))
            .Node("Relu", "relu", ["x"], ["r"])
            .Node("Equal", "non_positive", ["r", "z"], ["eq"])
            .Node("Not", "positive", ["eq"], ["ne"])
            .Node("Where", "pick", ["ne", "x", "c"], ["y"]).Output("y").Build(17, 8), Normal(Tokens)),
        ["Expand a class token to the batch and Concat it (ViT)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Initializer("token", [1, 1, 8]).Int64Tensor("zero", [1], 0).Int64Tensor("rest", [2], 1, 8)
            .Node("Shape", "shape", ["x"], ["s"])
            .Node("Gather", "batch", ["s", "zero"], ["n"])
            .Node("Concat", "target", ["n", "rest"], ["t"], Int("axis", 0))
            .Node("Expand", "tokens", ["token", "t"], ["e"])
            .Node("Concat", "sequence", ["e", "x"], ["y"], Int("axis", 1)).Output("y").Build(17, 8), Normal(Tokens)),
        ["Range, Mod, Cast (Swin's window indices)"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Int64Tensor("axis2", [], 2).Int64Tensor("start", [], 0).Int64Tensor("step", [], 1).Int64Tensor("three", [], 3)
            .Node("Shape", "shape", ["x"], ["s"])
            .Node("Gather", "width", ["s", "axis2"], ["w"])
            .Node("Range", "range", ["start", "w", "step"], ["r"])
            .Node("Mod", "mod", ["r", "three"], ["m"])
            .Node("Cast", "float", ["m"], ["f"], Int("to", (long)TensorProto.Types.DataType.Float))
            .Node("Add", "add", ["x", "f"], ["y"]).Output("y").Build(17, 8), Normal(Tokens)),
        ["Mod fmod=1 on floats"] = () => new(new OnnxModelBuilder().Input("x", Tokens).FloatInitializer("d", [], 0.7f)
            .Node("Mod", "mod", ["x", "d"], ["y"], Int("fmod", 1)).Output("y").Build(17, 8), Normal(Tokens)),
        ["ScatterND replaces addressed slices"] = () => new(new OnnxModelBuilder().Input("x", Tokens)
            .Int64Tensor("where", [2, 2], 1, 3, 0, -1).Initializer("updates", [2, 8])
            .Node("ScatterND", "scatter", ["x", "where", "updates"], ["y"]).Output("y").Build(17, 8), Normal(Tokens)),
        ["Gather rows of a table by int64 ids (an embedding)"] = () => new(new OnnxModelBuilder().TokenInput("ids", 2, 5)
            .Initializer("table", [10, 8])
            .Node("Gather", "embed", ["table", "ids"], ["y"], Int("axis", 0)).Output("y").Build(13), () => randint(0, 10, [2, 5])),
        ["Slice bounds from Shape, Gather, Div, Mul; integer Div truncates (ShuffleNet)"] = () => new(new OnnxModelBuilder().Input("x", 2, 5, 4, 4)
            .Int64Tensor("one", [], 1).Int64Tensor("two", [], 2).Int64Tensor("zero1", [1], 0).Int64Tensor("axis1", [1], 1).Int64Tensor("two1", [1], 2)
            .Node("Shape", "shape", ["x"], ["s"])
            .Node("Gather", "channels", ["s", "one"], ["c"])
            .Node("Div", "half", ["c", "two"], ["h"])
            .Node("Unsqueeze", "half1", ["h", "zero1"], ["h1"])
            .Node("Mul", "double", ["h1", "two1"], ["end"])
            .Node("Slice", "first", ["x", "zero1", "h1", "axis1"], ["a"])
            .Node("Slice", "second", ["x", "h1", "end", "axis1"], ["b"])
            .Node("Concat", "swap", ["b", "a"], ["y"], Int("axis", 1)).Output("y").Build(17, 8), Normal(2, 5, 4, 4)),
        ["Slice with negative steps (reversal, every other from the end)"] = () => new(new OnnxModelBuilder().Input("x", 2, 4, 9, 9)
            .Int64Tensor("starts", [2], -1, 7).Int64Tensor("ends", [2], -Int64Max, 1).Int64Tensor("axes", [2], 3, 2).Int64Tensor("steps", [2], -1, -2)
            .Node("Slice", "reverse", ["x", "starts", "ends", "axes", "steps"], ["y"]).Output("y").Build(13), Normal(2, 4, 9, 9)),
        ["Pad with pads computed at run time (Swin)"] = () => new(new OnnxModelBuilder().Input("x", 2, 4, 9, 7)
            .Int64Tensor("h", [], 2).Int64Tensor("w", [], 3).Int64Tensor("zero1", [1], 0).Int64Tensor("fixed", [7], 0, 0, 0, 0, 0, 0, 1)
            .Node("Shape", "shape", ["x"], ["s"])
            .Node("Gather", "height", ["s", "h"], ["hh"])
            .Node("Gather", "width", ["s", "w"], ["ww"])
            .Node("Sub", "missing", ["hh", "ww"], ["d"])
            .Node("Unsqueeze", "missing1", ["d", "zero1"], ["d1"])
            .Node("Concat", "pads", ["fixed", "d1"], ["p"], Int("axis", 0))
            .Node("Pad", "pad", ["x", "p"], ["y"]).Output("y").Build(17, 8), Normal(2, 4, 9, 7)),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Operator_matches_onnx_runtime(string name)
    {
        var @case = Cases[name]();
        using var scope = NewDisposeScope();
        manual_seed(5);

        var diff = OnnxParity.MaxAbsDiff(@case.Model, @case.Input());

        output.WriteLine($"{name}: max |ours - ORT| = {diff:E2}");
        Assert.True(diff <= Tolerance, $"{name}: max abs diff {diff:E3} > {Tolerance:E0}");
    }
}
