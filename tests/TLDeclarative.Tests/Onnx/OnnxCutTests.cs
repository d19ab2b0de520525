using Onnx;
using TLDeclarative.Onnx;
using TLDeclarative.Tests.Backbones;
using Xunit.Abstractions;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>Where networks are cut (automatically or by node name), and end-to-end parity of small whole networks.</summary>
public sealed class OnnxCutTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;

    private float Parity(string label, ModelProto model, OnnxGraphModule module, long[] shape)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var diff = OnnxParity.MaxAbsDiff(model, module, randn(shape));
        output.WriteLine($"{label}: max |ours - ORT| = {diff:E2}");
        return diff;
    }

    [Fact]
    public void MobileNetV2_like_cuts_at_the_last_feature_map_and_matches_onnx_runtime()
    {
        var model = OnnxTestNetworks.MobileNetV2Like();
        using var cut = OnnxImporter.Import(model.Clone(), "mobilenet.onnx", new OnnxImportOptions { AutoCut = true });
        using var whole = OnnxImporter.Import(model.Clone(), "mobilenet.onnx");

        Assert.Equal(OnnxTestNetworks.MobileNetV2FeatureMap, cut.OutputName);
        Assert.Equal("last_relu6", cut.Nodes[^1].Name);
        Assert.DoesNotContain(cut.Nodes, n => n.OpType is "GlobalAveragePool" or "Gemm" or "Dropout");
        Assert.True(Parity("MobileNetV2-like, cut (2x3x32x32)", model, cut, [2, 3, 32, 32]) <= Tolerance);
        Assert.True(Parity("MobileNetV2-like, whole network to logits (2x3x32x32)", model, whole, [2, 3, 32, 32]) <= Tolerance);
    }

    [Fact]
    public void Inception_like_cuts_at_the_concatenation_and_matches_onnx_runtime()
    {
        var model = OnnxTestNetworks.InceptionLike();
        using var cut = OnnxImporter.Import(model.Clone(), "inception.onnx", new OnnxImportOptions { AutoCut = true });
        using var whole = OnnxImporter.Import(model.Clone(), "inception.onnx");

        Assert.Equal(OnnxTestNetworks.InceptionFeatureMap, cut.OutputName);
        using (var scope = NewDisposeScope())
            Assert.Equal(new long[] { 1, 14, 13, 13 }, cut.forward(zeros(1, 3, 28, 28)).shape);
        Assert.True(Parity("Inception-like, cut (3x3x28x28)", model, cut, [3, 3, 28, 28]) <= Tolerance);
        Assert.True(Parity("Inception-like, whole network to softmax (3x3x28x28)", model, whole, [3, 3, 28, 28]) <= Tolerance);
    }

    [Fact]
    public void Auto_cut_passes_flatten_into_a_classifier_when_there_is_no_global_pooling()
    {
        // VGG/AlexNet: ... MaxPool -> Flatten -> Gemm; the cut is the pooled map that Flatten reads.
        var model = new OnnxModelBuilder().ImageInput("x", 3, 16, 16)
            .Initializer("w", [4, 3, 3, 3]).Initializer("fc", [6, 4 * 8 * 8])
            .Node("Conv", "conv", ["x", "w"], ["c"], Ints("pads", 1, 1, 1, 1))
            .Node("Relu", "relu", ["c"], ["r"])
            .Node("MaxPool", "pool5", ["r"], ["p"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2))
            .Node("Flatten", "flatten", ["p"], ["f"])
            .Node("Gemm", "fc6", ["f", "fc"], ["y"], Int("transB", 1))
            .Output("y").Build(13);

        using var module = OnnxImporter.Import(model, "vgg.onnx", new OnnxImportOptions { AutoCut = true });

        Assert.Equal("p", module.OutputName);
    }

    [Fact]
    public void Auto_cut_skips_a_1x1_conv_on_the_pooled_vector()
    {
        // MobileNetV3: ... -> GlobalAveragePool -> Conv 1x1 -> HardSwish -> Flatten -> Gemm.
        var model = new OnnxModelBuilder().ImageInput("x", 3, 16, 16)
            .Initializer("w", [4, 3, 3, 3]).Initializer("head", [8, 4, 1, 1]).Initializer("fc", [5, 8])
            .Node("Conv", "conv", ["x", "w"], ["c"], Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1))
            .Node("HardSwish", "features_out", ["c"], ["features"])
            .Node("GlobalAveragePool", "avgpool", ["features"], ["g"])
            .Node("Conv", "head_conv", ["g", "head"], ["h"])
            .Node("HardSwish", "head_act", ["h"], ["ha"])
            .Node("Flatten", "flatten", ["ha"], ["f"])
            .Node("Gemm", "fc", ["f", "fc"], ["y"], Int("transB", 1))
            .Output("y").Build(14, 8);

        using var module = OnnxImporter.Import(model, "mobilenetv3.onnx", new OnnxImportOptions { AutoCut = true });

        Assert.Equal("features", module.OutputName);
        Assert.Equal(1, module.Nodes.Count(n => n.OpType == "Conv"));
    }

    [Fact]
    public void Operators_after_the_cut_are_never_imported()
    {
        // ArgMax is unsupported, but the classifier is cut away.
        var model = OnnxTestNetworks.MobileNetV2Like();
        model.Graph.Node.Add(new NodeProto { OpType = "ArgMax", Name = "predict", Input = { "logits" }, Output = { "label" } });
        model.Graph.Output[0] = new ValueInfoProto { Name = "label" };

        using var module = OnnxImporter.Import(model, "mobilenet.onnx", new OnnxImportOptions { AutoCut = true });

        Assert.Equal(OnnxTestNetworks.MobileNetV2FeatureMap, module.OutputName);
    }

    [Fact]
    public void A_named_cut_returns_that_nodes_output()
    {
        var model = OnnxTestNetworks.MobileNetV2Like();
        using var module = OnnxImporter.Import(model.Clone(), "mobilenet.onnx", new OnnxImportOptions { Cut = "b1_add" });

        Assert.Equal("b1_out", module.OutputName);
        Assert.True(Parity("MobileNetV2-like, named cut b1_add (2x3x32x32)", model, module, [2, 3, 32, 32]) <= Tolerance);
    }

    [Fact]
    public void A_cut_may_name_a_value_instead_of_a_node()
    {
        using var module = OnnxImporter.Import(OnnxTestNetworks.MobileNetV2Like(), "mobilenet.onnx", new OnnxImportOptions { Cut = "b2_dw_out" });

        Assert.Equal("b2_dw_out", module.OutputName);
        Assert.Equal("b2_dw_relu6", module.Nodes[^1].Name);
    }

    [Fact]
    public void A_missing_cut_node_is_named_with_close_names()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxImporter.Import(OnnxTestNetworks.MobileNetV2Like(), "/models/mobilenet.onnx", new OnnxImportOptions { Cut = "b1_ad" }));

        Assert.Equal(
            "'/models/mobilenet.onnx' has no node named 'b1_ad' to cut at. Close names: 'b1_add'.",
            error.Message);
    }

    [Fact]
    public void A_cut_whose_output_is_not_a_feature_map_is_refused()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxImporter.Import(OnnxTestNetworks.MobileNetV2Like(), "/models/mobilenet.onnx", new OnnxImportOptions { Cut = "classifier" }));

        Assert.Equal(("Gemm", "classifier", "/models/mobilenet.onnx"), (error.OpType, error.NodeName, error.ModelPath));
        Assert.Contains("its output 'logits' is [1,10] at the declared input size [1,3,32,32], not a 4-D feature map", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_operator_before_the_cut_names_op_node_and_file()
    {
        var model = new OnnxModelBuilder().ImageInput("x", 3, 8, 8)
            .Node("Relu", "relu", ["x"], ["r"])
            .Node("Einsum", "mixer", ["r"], ["e"], String("equation", "nchw->nchw"))
            .Node("GlobalAveragePool", "gap", ["e"], ["y"])
            .Output("y").Build(13);

        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxImporter.Import(model, "/models/odd.onnx", new OnnxImportOptions { AutoCut = true }));

        Assert.Equal(("Einsum", "mixer", "/models/odd.onnx"), (error.OpType, error.NodeName, error.ModelPath));
        Assert.StartsWith("ONNX node 'mixer' (op type Einsum) in '/models/odd.onnx': operator Einsum is not supported. Supported: ", error.Message, StringComparison.Ordinal);
    }
}
