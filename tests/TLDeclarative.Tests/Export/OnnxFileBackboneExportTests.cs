using Google.Protobuf;
using TLDeclarative.Backbones;
using TLDeclarative.Export;
using TLDeclarative.Heads;
using TLDeclarative.Tests.Onnx;
using TLDeclarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// A user's ONNX file as backbone (cut before its classifier, BGR 0..255 mean/std preprocessing, two
/// stages), trained weights, a head: the exported model gives what TorchSharp gives.
/// </summary>
public sealed class OnnxFileBackboneExportTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("tld-onnx-export-").FullName;
    private readonly string _path;

    public OnnxFileBackboneExportTests(ITestOutputHelper output)
    {
        _output = output;
        _path = Path.Combine(_directory, "mobilenet.onnx");
        File.WriteAllBytes(_path, OnnxTestNetworks.MobileNetV2Like().ToByteArray());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Onnx_file_backbone_with_changed_weights_and_bgr_mean_std_exports_and_matches_onnx_runtime()
    {
        var options = new OnnxBackboneOptions
        {
            Cut = "last_relu6",
            Stages = [new("early", "b1_add"), new("late", "last_relu6")],
            Preprocessing = new ImagePreprocessing(ColorOrder.Bgr, 255, [120, 110, 100], [60, 55, 50]),
        };
        using var backbone = (OnnxFileBackbone)OnnxFileBackbone.Load(_path, options);
        ChangeWeights(backbone);
        manual_seed(11);
        var head = nn.Sequential(
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("dropout", nn.Dropout(0.3)),
            ("hidden", nn.Linear(32, 16)), ("relu", nn.ReLU()), ("output", nn.Linear(16, 3)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Softmax);
        model.eval();
        using var scope = NewDisposeScope();
        var images = rand([4, 3, 40, 36], generator: new TorchSharp.torch.Generator(3));

        var onnx = OnnxExporter.Export(model, new OnnxExportOptions(["a", "b", "c"], 40, 36));
        Tensor expected;
        using (inference_mode()) expected = ClassificationLoss.Probabilities(model.Output, model.call(images));
        var actual = OnnxRuntimeRunner.Probabilities(onnx.ToByteArray(), images);

        Assert.Equal(expected.shape, actual.shape);
        var worst = (actual - expected).abs().max().item<float>();
        var spread = (expected.max() - expected.min()).item<float>();
        _output.WriteLine($"ONNX-file backbone (BGR, x255, mean/std, cut last_relu6) + MLP head at 40x36: max |ORT - TorchSharp| = {worst:E2} (probabilities span {spread:F3})");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
        Assert.True(spread > 0.01, "the probabilities should differ between images and classes, or the comparison proves little");
        // The file's classifier after the cut is not exported; the backbone's nodes are, under the file's opset.
        Assert.DoesNotContain(onnx.Graph.Node, n => n.Name == "classifier" || n.OpType == "Dropout");
        Assert.Contains(onnx.Graph.Node, n => n.Name == "b1_add");
        Assert.Equal(13, onnx.OpsetImport.Single().Version);
        var preprocessing = onnx.MetadataProps.Single(p => p.Key == OnnxExportNames.PreprocessingKey).Value;
        Assert.Contains("(RGB to BGR)", preprocessing, StringComparison.Ordinal);
        Assert.Contains("[4.25, 4.63636, 5.1]", preprocessing, StringComparison.Ordinal);
    }

    /// <summary>Every weight and running statistic moved, as training would: the export must use these, not the file's.</summary>
    private static void ChangeWeights(OnnxFileBackbone backbone)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(9);
        foreach (var parameter in backbone.parameters()) parameter.add_(0.1 * randn(parameter.shape, generator: generator));
        foreach (var norm in backbone.Graph.Nodes.Select(n => n.Module).OfType<BatchNorm2d>())
        {
            norm.running_mean!.add_(0.2);
            norm.running_var!.mul_(1.5);
        }
    }
}
