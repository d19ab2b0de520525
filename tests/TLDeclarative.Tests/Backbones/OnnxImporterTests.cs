using Microsoft.ML.OnnxRuntime;
using Onnx;
using TLDeclarative.Backbones;
using TLDeclarative.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

public sealed class OnnxImporterTests
{
    private static readonly long[] InputShape = [2, 3, 17, 16];

    /// <summary>Conv (SAME_UPPER, groups, dilation), BN, pools with asymmetric pads, shape ops, Gemm.</summary>
    private static ModelProto OperatorZoo()
    {
        var builder = new OnnxModelBuilder()
            .Input("x", InputShape)
            .Initializer("w1", [8, 3, 3, 3]).Initializer("b1", [8])
            .Initializer("scale", [8], 0.5f, 1.5f).Initializer("shift", [8]).Initializer("mean", [8]).Initializer("var", [8], 0.5f, 1.5f)
            .Initializer("w2", [8, 2, 3, 3])
            .Int64Initializer("starts", 0).Int64Initializer("ends", 4).Int64Initializer("axes", 1)
            .Initializer("offset", [12, 1, 1])
            .Initializer("fc", [5, 12]).Initializer("fcBias", [5])
            .Int64Initializer("shape", 0, 5, 1).Int64Initializer("sizes", 2, 3)
            .Node("Conv", "c1", ["x", "w1", "b1"], ["c1"], String("auto_pad", "SAME_UPPER"), Ints("strides", 2, 2))
            .Node("BatchNormalization", "bn1", ["c1", "scale", "shift", "mean", "var"], ["bn1"], Float("epsilon", 1e-3f))
            .Node("Relu", "relu1", ["bn1"], ["relu1"])
            .Node("MaxPool", "mp", ["relu1"], ["mp"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 0, 0, 1, 1))
            .Node("AveragePool", "ap", ["mp"], ["ap"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1))
            .Node("Conv", "c2", ["ap", "w2"], ["c2"], Int("group", 4), Ints("dilations", 2, 2), Ints("pads", 2, 2, 2, 2))
            .Node("Slice", "sl", ["ap", "starts", "ends", "axes"], ["sl"])
            .Node("Concat", "cat", ["sl", "c2"], ["cat"], Int("axis", 1))
            .Node("Transpose", "tr", ["cat"], ["tr"], Ints("perm", 0, 1, 3, 2))
            .Node("Sub", "sub", ["tr", "offset"], ["sub"])
            .Node("Constant", "three", [], ["three"], Tensor("value", FloatTensor("three", [1], [3f])))
            .Node("Mul", "mul", ["sub", "three"], ["mul"])
            .Node("GlobalAveragePool", "gap", ["mul"], ["gap"])
            .Node("Flatten", "flat", ["gap"], ["flat"])
            .Node("Gemm", "gemm", ["flat", "fc", "fcBias"], ["gemm"], Int("transB", 1), Float("alpha", 0.5f), Float("beta", 2f))
            .Node("Reshape", "reshape", ["gemm", "shape"], ["reshape"])
            .Node("Split", "split", ["reshape", "sizes"], ["first", "second"], Int("axis", 1))
            .Node("Concat", "swap", ["second", "first"], ["swap"], Int("axis", 1))
            .Node("Sigmoid", "sigmoid", ["swap"], ["y"])
            .Output("y");
        return builder.Build();
    }

    [Fact]
    public void Operators_match_onnx_runtime()
    {
        var model = OperatorZoo();
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(model);
        using var module = OnnxImporter.Import(model, "zoo.onnx");
        module.eval();

        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(InputShape);
        Tensor ours;
        using (no_grad()) ours = module.forward(x);

        using var session = new InferenceSession(bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(x.data<float>().ToArray(), InputShape);
        using var options = new RunOptions();
        using var results = session.Run(options, ["x"], [input], ["y"]);
        var reference = tensor(results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);

        Assert.Equal(reference.shape, ours.shape);
        Assert.True((ours - reference).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Weights_become_trainable_parameters_named_after_nodes()
    {
        using var module = OnnxImporter.Import(OperatorZoo(), "zoo.onnx");
        var names = module.named_parameters().Select(p => p.name).ToList();

        // The per-channel offset a Sub reads is a weight of that node too (a bias, layer scale or class token in real graphs).
        Assert.Equal(["c1.weight", "c1.bias", "bn1.weight", "bn1.bias", "c2.weight", "sub.weight", "gemm.weight", "gemm.bias"], names);
        Assert.All(module.parameters(), p => Assert.True(p.requires_grad));
        Assert.Contains("bn1.running_mean", module.named_buffers().Select(b => b.name));
        Assert.IsType<BatchNorm2d>(module.Nodes.Single(n => n.Name == "bn1").Module);
    }

    [Fact]
    public void Moving_the_module_moves_every_parameter_and_buffer()
    {
        // No GPU here: a dtype move exercises the same replacement of parameters and buffers.
        using var module = OnnxImporter.Import(OperatorZoo(), "zoo.onnx");
        module.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = randn(InputShape);
        var single = module.forward(x);

        module.to(ScalarType.Float64);
        var twice = module.forward(x.to(ScalarType.Float64));

        Assert.Equal(ScalarType.Float64, twice.dtype);
        Assert.True(twice.to(ScalarType.Float32).allclose(single, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void An_output_name_cuts_the_graph()
    {
        using var module = OnnxImporter.Import(OperatorZoo(), "zoo.onnx", new OnnxImportOptions { OutputName = "mp" });
        using var scope = NewDisposeScope();

        Assert.Equal(["Conv", "BatchNormalization", "Relu", "MaxPool"], module.Nodes.Select(n => n.OpType));
        Assert.Equal(new long[] { 2, 8, 4, 4 }, module.forward(zeros(InputShape)).shape);
    }

    [Fact]
    public void An_unsupported_operator_names_op_node_and_file()
    {
        var model = new OnnxModelBuilder()
            .Input("x", 1, 4, 8, 8)
            .Node("Relu", "relu", ["x"], ["r"])
            .Node("Einsum", "norm1", ["r"], ["y"], String("equation", "nchw->nchw"))
            .Output("y")
            .Build();

        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(model, "/models/tiny.onnx"));

        Assert.Equal(("Einsum", "norm1", "/models/tiny.onnx"), (error.OpType, error.NodeName, error.ModelPath));
        Assert.Contains("Einsum", error.Message, StringComparison.Ordinal);
        Assert.Contains("norm1", error.Message, StringComparison.Ordinal);
        Assert.Contains("/models/tiny.onnx", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A CNTK-style residual block: a strided conv with pads computed for 8x8, beside a 1x1 shortcut.</summary>
    private static ModelProto CntkStyleBlock() => new OnnxModelBuilder()
        .Input("x", 1, 2, 8, 8)
        .Initializer("w", [4, 2, 3, 3]).Initializer("shortcut", [4, 2, 1, 1])
        .Node("Conv", "main", ["x", "w"], ["main"], Ints("strides", 2, 2), Ints("pads", 1, 1, 0, 0))
        .Node("Conv", "skip", ["x", "shortcut"], ["skip"], Ints("strides", 2, 2), Ints("pads", 0, 0, 0, 0))
        .Node("Add", "add", ["main", "skip"], ["y"])
        .Output("y")
        .Build();

    [Fact]
    public void Explicit_pads_computed_for_the_declared_size_are_recovered_as_SAME()
    {
        using var scope = NewDisposeScope();
        using var literal = OnnxImporter.Import(CntkStyleBlock(), "block.onnx", new OnnxImportOptions { RecoverSamePadding = false });
        using var recovered = OnnxImporter.Import(CntkStyleBlock(), "block.onnx");

        // At 7x7 the literal pads give a 3x3 main branch beside a 4x4 shortcut.
        Assert.ThrowsAny<Exception>(() => literal.forward(ones(1, 2, 7, 7)));
        Assert.Equal(new long[] { 1, 4, 4, 4 }, recovered.forward(ones(1, 2, 7, 7)).shape);
        var atDeclared = ones(1, 2, 8, 8);
        Assert.True(literal.forward(atDeclared).allclose(recovered.forward(atDeclared), rtol: 0, atol: 0));
    }

    [Fact]
    public void The_preprocessing_graph_imports_and_matches_onnx_runtime()
    {
        var files = ResNet18ModelFiles.Locate();
        using var module = OnnxImporter.Import(files.PreprocessPath);
        using var scope = NewDisposeScope();
        var rgb255 = FashionMnistImages.Rgb(1, 224) * 255f;

        using var session = new InferenceSession(files.PreprocessPath);
        using var input = OrtValue.CreateTensorValueFromMemory(rgb255.data<float>().ToArray(), rgb255.shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        var reference = tensor(results[0].GetTensorDataAsSpan<float>().ToArray(), rgb255.shape);

        Assert.Equal(["Split", "Concat", "Sub"], module.Nodes.Select(n => n.OpType));
        Assert.True(module.forward(rgb255).allclose(reference, rtol: 0, atol: 0));
    }
}
