using Google.Protobuf;
using Onnx;
using TLDeclarative.Backbones;
using TLDeclarative.Export;
using TLDeclarative.Heads;
using TLDeclarative.Onnx;
using TLDeclarative.Tests.Backbones;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// Imported graphs written back: every supported operator family, pads re-resolved at a size the file
/// never declared, constants read at import, the current weights; and backbones the exporter refuses.
/// </summary>
public sealed class ImportedGraphExportTests(ITestOutputHelper output)
{
    [Fact]
    public void Imported_graph_with_changed_weights_runs_the_same_in_onnx_runtime_at_another_size()
    {
        using var module = ChangedWeights(OnnxImporter.Import(Zoo(), "zoo.onnx"));
        module.eval();
        using var scope = NewDisposeScope();
        manual_seed(5);
        var input = rand(3, 3, 23, 19);

        var graph = new GraphProto { Name = "zoo" };
        var writer = new OnnxGraphWriter(graph);
        var feature = ImportedGraphExport.Append(writer, module, writer.Claim("image"), 23, 19);
        writer.AddNode("Identity", "out", [feature], ["probabilities"]);
        graph.Input.Add(new ValueInfoProto { Name = "image", Type = FloatType() });
        graph.Output.Add(new ValueInfoProto { Name = "probabilities", Type = FloatType() });
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = writer.Opset!.Value });

        Tensor expected;
        using (no_grad()) expected = module.forward(input);
        var actual = OnnxRuntimeRunner.Probabilities(model.ToByteArray(), input);

        Assert.Equal(expected.shape, actual.shape);
        var worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"operator zoo at 23x19: max |ORT - TorchSharp| = {worst:E2} (largest {expected.abs().max().item<float>():F2})");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");

        // SAME_UPPER on a 23x19 input with stride 2 and kernel 3: 1 row/column at the end only.
        var conv = graph.Node.Single(n => n.Name == "c1");
        Assert.Equal([1L, 1, 1, 1], conv.Attribute.Single(a => a.Name == "pads").Ints);
        Assert.Equal("NOTSET", conv.Attribute.Single(a => a.Name == "auto_pad").S.ToStringUtf8());
        Assert.Contains(graph.Initializer, t => t.Name == "shape");
    }

    [Fact]
    public void Backbone_implementing_the_interface_exports_with_mean_std_preprocessing_folded()
    {
        using var backbone = new ImportedBackbone(ChangedWeights(OnnxImporter.Import(Zoo(), "zoo.onnx")));
        manual_seed(6);
        var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(12, 3)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Softmax);
        model.eval();
        using var scope = NewDisposeScope();
        var images = FashionMnistImages.Rgb(3, 20);

        var onnx = OnnxExporter.Export(model, new OnnxExportOptions(["a", "b", "c"], 20, 20));
        Tensor expected;
        using (inference_mode()) expected = ClassificationLoss.Probabilities(model.Output, model.call(images));
        var actual = OnnxRuntimeRunner.Probabilities(onnx.ToByteArray(), images);

        var worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"imported zoo backbone + softmax head: max |ORT - TorchSharp| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
        var preprocessing = onnx.MetadataProps.Single(p => p.Key == OnnxExportNames.PreprocessingKey).Value;
        Assert.Equal("RGB in [0,1], multiplied per channel by [4.36681, 4.46429, 4.44444], then plus [-2.1179, -2.03571, -1.80444] per channel", preprocessing);
    }

    [Fact]
    public void Backbone_that_only_wraps_an_imported_graph_is_exported_without_implementing_the_interface()
    {
        using var backbone = new GraphOnlyBackbone(ChangedWeights(OnnxImporter.Import(Zoo(), "zoo.onnx")), doubled: false);
        manual_seed(7);
        using var model = new TransferModel(backbone, nn.Sequential(("pool", nn.AdaptiveMaxPool2d([1, 1])), ("flatten", nn.Flatten()), ("output", nn.Linear(12, 1))), ClassifierOutput.Sigmoid);
        model.eval();
        using var scope = NewDisposeScope();
        var images = FashionMnistImages.Rgb(2, 24);

        var onnx = OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 24, 24));
        Tensor expected;
        using (inference_mode()) expected = ClassificationLoss.Probabilities(model.Output, model.call(images));
        var actual = OnnxRuntimeRunner.Probabilities(onnx.ToByteArray(), images);

        var worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"graph-only backbone + sigmoid head: max |ORT - TorchSharp| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
    }

    [Fact]
    public void Backbone_whose_forward_does_more_than_its_imported_graph_is_refused()
    {
        using var backbone = new GraphOnlyBackbone(OnnxImporter.Import(Zoo(), "zoo.onnx"), doubled: true);
        using var model = new TransferModel(backbone, nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(12, 1))), ClassifierOutput.Sigmoid);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 16, 16)));

        Assert.StartsWith("Backbone kind GraphOnlyBackbone cannot be exported to ONNX yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backbone_without_an_onnx_writer_is_refused_with_its_kind()
    {
        using var model = new TransferModel(new TinyBackbone(), nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(16, 1))), ClassifierOutput.Sigmoid);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 32, 32)));

        Assert.Equal(
            "Backbone kind TinyBackbone cannot be exported to ONNX yet: only backbones imported from ONNX (resnet18, ONNX files) and backbones implementing IOnnxExportableBackbone can write their layers as ONNX nodes.",
            error.Message);
    }

    [Fact]
    public void Preprocessing_that_is_not_affine_is_refused()
    {
        using var backbone = new ImportedBackbone(OnnxImporter.Import(Zoo(), "zoo.onnx"), squareRoot: true);
        using var model = new TransferModel(backbone, nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(12, 1))), ClassifierOutput.Sigmoid);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 16, 16)));

        Assert.StartsWith("The preprocessing of backbone ImportedBackbone cannot be folded into the ONNX graph: it is not an affine map of the channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_layer_without_an_onnx_form_is_named()
    {
        using var backbone = new ImportedBackbone(OnnxImporter.Import(Zoo(), "zoo.onnx"));
        var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("act", nn.GELU()), ("output", nn.Linear(12, 1)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 16, 16)));

        Assert.Equal("Head layer 'act' (GELU) cannot be exported to ONNX: supported are global average/max pooling (output 1x1), Flatten, Dropout, Linear and ReLU.", error.Message);
    }

    /// <summary>A feature extractor using each operator family the importer knows (declared input 16x16).</summary>
    private static ModelProto Zoo() => new OnnxModelBuilder()
        .Input("x", 1, 3, 16, 16)
        .Initializer("w1", [8, 3, 3, 3]).Initializer("b1", [8])
        .Initializer("scale", [8], 0.5f, 1.5f).Initializer("shift", [8]).Initializer("mean", [8]).Initializer("var", [8], 0.5f, 1.5f)
        .Initializer("w2", [8, 2, 3, 3])
        .Int64Initializer("starts", 0).Int64Initializer("ends", 4).Int64Initializer("axes", 1)
        .Initializer("offset", [12, 1, 1])
        .Int64Initializer("shape", 0, 12, 0, -1)
        .Node("Conv", "c1", ["x", "w1", "b1"], ["c1"], String("auto_pad", "SAME_UPPER"), Ints("strides", 2, 2))
        .Node("BatchNormalization", "bn1", ["c1", "scale", "shift", "mean", "var"], ["bn1"], Float("epsilon", 1e-3f))
        .Node("Relu", "relu1", ["bn1"], ["relu1"])
        .Node("MaxPool", "mp", ["relu1"], ["mp"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 0, 0, 1, 1))
        .Node("AveragePool", "ap", ["mp"], ["ap"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1))
        .Node("Conv", "c2", ["ap", "w2"], ["c2"], Int("group", 4), Ints("dilations", 2, 2), Ints("pads", 2, 2, 2, 2))
        .Node("Slice", "sl", ["ap", "starts", "ends", "axes"], ["sl"])
        .Node("Concat", "cat", ["sl", "c2"], ["cat"], Int("axis", 1))
        .Node("Sub", "sub", ["cat", "offset"], ["sub"])
        .Node("Constant", "three", [], ["three"], Tensor("value", FloatTensor("three", [1], [3f])))
        .Node("Mul", "mul", ["sub", "three"], ["mul"])
        .Node("Reshape", "reshape", ["mul", "shape"], ["reshape"])
        .Node("LeakyRelu", "leaky", ["reshape"], ["y"], Float("alpha", 0.2f))
        .Output("y")
        .Build();

    /// <summary>Every weight and running statistic changed, as training would.</summary>
    private static OnnxGraphModule ChangedWeights(OnnxGraphModule module)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(9);
        foreach (var parameter in module.parameters()) parameter.add_(0.1 * randn(parameter.shape, generator: generator));
        foreach (var norm in module.Nodes.Select(n => n.Module).OfType<BatchNorm2d>())
        {
            norm.running_mean!.add_(0.2);
            norm.running_var!.mul_(1.5);
        }

        return module;
    }

    private static TypeProto FloatType() => new() { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } };

    /// <summary>What an ONNX-file backbone looks like to the exporter: an imported graph and ImageNet mean/std.</summary>
    private sealed class ImportedBackbone : Backbone, IOnnxExportableBackbone
    {
        private readonly OnnxGraphModule graph;
        private readonly bool squareRoot;

        public ImportedBackbone(OnnxGraphModule graph, bool squareRoot = false)
            : base(nameof(ImportedBackbone))
        {
            this.graph = graph;
            this.squareRoot = squareRoot;
            RegisterComponents();
            Stages = [new BackboneStage("backbone", graph.Nodes.Select(n => n.Module).OfType<nn.Module>().ToList())];
        }

        public override IReadOnlyList<BackboneStage> Stages { get; }

        public override int OutputChannels => 12;

        public override Tensor Preprocess(Tensor rgb01)
        {
            using var scope = NewDisposeScope();
            var mean = tensor(new[] { 0.485f, 0.456f, 0.406f }, [1, 3, 1, 1]).to(rgb01.dtype);
            var std = tensor(new[] { 0.229f, 0.224f, 0.225f }, [1, 3, 1, 1]).to(rgb01.dtype);
            var input = squareRoot ? rgb01.sqrt() : rgb01;
            return ((input - mean) / std).MoveToOuterDisposeScope();
        }

        public override Tensor forward(Tensor input) => graph.forward(input);

        public string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width) =>
            ImportedGraphExport.Append(writer, graph, input, height, width);
    }

    /// <summary>An imported graph and [0,1] scaled to [-1,1], without the interface (like an ONNX-file backbone).</summary>
    private sealed class GraphOnlyBackbone : Backbone
    {
        private readonly OnnxGraphModule graph;
        private readonly bool doubled;

        public GraphOnlyBackbone(OnnxGraphModule graph, bool doubled)
            : base(nameof(GraphOnlyBackbone))
        {
            this.graph = graph;
            this.doubled = doubled;
            RegisterComponents();
            Stages = [new BackboneStage("backbone", graph.Nodes.Select(n => n.Module).OfType<nn.Module>().ToList())];
        }

        public override IReadOnlyList<BackboneStage> Stages { get; }

        public override int OutputChannels => 12;

        public override Tensor Preprocess(Tensor rgb01) => rgb01.mul(2).sub_(1);

        public override Tensor forward(Tensor input)
        {
            if (!doubled) return graph.forward(input);
            using var features = graph.forward(input);
            return features * 2;
        }
    }
}
