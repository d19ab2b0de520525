using System.Text.Json;
using Google.Protobuf;
using Onnx;
using TLDeclarative.Export;
using TLDeclarative.Heads;
using TLDeclarative.Tests.Backbones;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// The exported ResNet-18 transfer model (changed weights) run by ONNX Runtime gives the probabilities
/// TorchSharp gives, on real images (Fashion-MNIST, coloured), for each kind of head.
/// </summary>
public sealed class ResNet18ExportParityTests(TrainedResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<TrainedResNet18Fixture>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, int, int, int> Heads => new()
    {
        { "sigmoid", 2, 64, 64 },
        { "softmax", 3, 64, 64 },
        { "hidden", 4, 64, 80 },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Onnx_runtime_probabilities_equal_torchsharp(string head, int classes, int height, int width)
    {
        using var scope = NewDisposeScope();
        var model = Model(head, classes);
        var images = Images(4, height, width);

        var onnx = OnnxExporter.Export(model, Options(classes, height, width)).ToByteArray();
        var expected = TorchProbabilities(model, images);
        var actual = OnnxRuntimeRunner.Probabilities(onnx, images);

        Assert.Equal(new long[] { 4, classes }, actual.shape);
        var worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{head} head, {classes} classes, {height}x{width}: max |ORT - TorchSharp| = {worst:E2}, model {onnx.Length:N0} bytes");
        Assert.True(worst <= Tolerance, $"max abs difference {worst}");
        Assert.Equal(expected.argmax(1).data<long>().ToArray(), actual.argmax(1).data<long>().ToArray());
        Assert.True((actual.sum(1) - 1).abs().max().item<float>() < 1e-5, "rows sum to 1");
    }

    [Fact]
    public void Initializers_hold_the_current_weights_not_the_files()
    {
        using var scope = NewDisposeScope();
        var model = Model("softmax", 3);
        var onnx = OnnxExporter.Export(model, Options(3, 64, 64));

        var firstConv = onnx.Graph.Node.First(n => n.OpType == "Conv" && !n.Name.StartsWith("preprocess", StringComparison.Ordinal));
        var weight = onnx.Graph.Initializer.Single(t => t.Name == firstConv.Input[1]);
        var exported = tensor(MemoryMarshalFloats(weight), weight.Dims.ToArray());

        Assert.Equal(0f, (exported - fixture.FirstConvolution.weight.detach()).abs().max().item<float>());
        Assert.False(exported.allclose(fixture.FileFirstConvolutionWeight), "and differs from the file's");
    }

    [Fact]
    public void Graph_declares_input_output_and_metadata()
    {
        var model = Model("sigmoid", 2);
        var onnx = OnnxExporter.Export(model, Options(2, 64, 64) with { ExperimentName = "CatsVsDogs" });

        // What ONNX Runtime reads as input/output metadata (PlainOnnxClassifier reads the props through it).
        var input = onnx.Graph.Input.Single();
        var output = onnx.Graph.Output.Single();
        Assert.Equal(("image", "probabilities"), (input.Name, output.Name));
        Assert.Equal(["batch", "3", "64", "64"], Dims(input));
        Assert.Equal(["batch", "2"], Dims(output));

        var metadata = onnx.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(["cats", "dogs"], JsonSerializer.Deserialize<string[]>(metadata["classes"])!);
        Assert.Equal("64", metadata["image_height"]);
        Assert.Equal("64", metadata["image_width"]);
        Assert.Equal("CatsVsDogs", metadata["experiment"]);
        Assert.Equal("sigmoid", metadata["classifier"]);
        Assert.Equal(
            "RGB in [0,1], channels reordered to input channels [2,1,0] (RGB to BGR), then multiplied by 255, then plus a per-pixel offset image (1,3,64,64) (the offset is minus ResNetPreprocess.onnx's 224x224 mean image, resized bilinearly to 64x64)",
            metadata["preprocessing"]);

        // Dropout is gone (inference); the file's opset is kept because its nodes are copied.
        Assert.DoesNotContain(onnx.Graph.Node, n => n.OpType == "Dropout");
        Assert.Equal(8, onnx.OpsetImport.Single().Version);
        Assert.Equal(["Gather", "Mul", "Add"], onnx.Graph.Node.Take(3).Select(n => n.OpType));
        Assert.Equal(["GlobalAveragePool", "Flatten", "Gemm", "Sigmoid", "Sub", "Concat"], onnx.Graph.Node.TakeLast(6).Select(n => n.OpType));
    }

    private TransferModel Model(string head, int classes)
    {
        var outputs = classes == 2 ? 1 : classes;
        manual_seed(classes);
        nn.Module<Tensor, Tensor> layers = head switch
        {
            "hidden" => nn.Sequential(
                ("pool", nn.AdaptiveMaxPool2d([1, 1])),
                ("flatten", nn.Flatten()),
                ("dropout1", nn.Dropout(0.3)),
                ("dense1", nn.Linear(512, 32)),
                ("relu1", nn.ReLU()),
                ("output", nn.Linear(32, outputs))),
            _ => nn.Sequential(
                ("pool", nn.AdaptiveAvgPool2d(1)),
                ("flatten", nn.Flatten()),
                ("dropout1", nn.Dropout(0.2)),
                ("output", nn.Linear(512, outputs))),
        };
        var model = new TransferModel(fixture.Backbone, layers, classes == 2 ? ClassifierOutput.Sigmoid : ClassifierOutput.Softmax);
        model.eval();
        return model;
    }

    private static OnnxExportOptions Options(int classes, int height, int width) =>
        new(new[] { "cats", "dogs", "birds", "fish" }.Take(classes).ToList(), height, width);

    /// <summary>Fashion-MNIST items, resized to height x width.</summary>
    private static Tensor Images(int count, int height, int width)
    {
        using var square = FashionMnistImages.Rgb(count, Math.Max(height, width));
        return nn.functional.interpolate(square, [height, width], mode: InterpolationMode.Bilinear, align_corners: false).clamp(0, 1).contiguous();
    }

    private static Tensor TorchProbabilities(TransferModel model, Tensor images)
    {
        using var _ = inference_mode();
        return ClassificationLoss.Probabilities(model.Output, model.call(images));
    }

    private static string[] Dims(ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.DimParam.Length > 0 ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static float[] MemoryMarshalFloats(TensorProto proto) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
}
