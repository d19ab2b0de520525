using Google.Protobuf;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Export;
using TLDeclarative.Heads;
using TLDeclarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// TorchVision backbones written as ONNX nodes: ONNX Runtime gives TorchSharp's probabilities (1e-4)
/// with weights and BatchNorm statistics moved away from their initial values; other families are refused.
/// </summary>
public sealed class TorchVisionExportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("resnet18", 64)] // BasicBlock, downsample
    [InlineData("resnet50", 64)] // Bottleneck
    [InlineData("vgg11_bn", 64)]
    [InlineData("alexnet", 64)]
    public void Exported_model_runs_the_same_in_onnx_runtime(string name, int size)
    {
        manual_seed(21);
        var backbone = TorchVisionBackbone.Create(name);
        ChangeWeights(backbone);
        var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("output", nn.Linear(backbone.OutputChannels, 3)));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Softmax);
        model.eval();
        using var scope = NewDisposeScope();
        var images = cat([rand(1, 3, size, size), rand(1, 3, size, size).mul_(0.3)]); // a bright and a dark image
        using (no_grad())
        {
            // Logits of order 1 whatever the random network's feature scale (resnet50's is large), so softmax does not saturate.
            var pooled = model.Features(images).mean([2, 3]);
            ((Linear)head[2]).weight.div_(pooled.abs().mean());
        }


        var onnx = OnnxExporter.Export(model, new OnnxExportOptions(["a", "b", "c"], size, size));
        Tensor expected;
        using (inference_mode()) expected = ClassificationLoss.Probabilities(model.Output, model.call(images));
        var actual = OnnxRuntimeRunner.Probabilities(onnx.ToByteArray(), images);

        Assert.Equal(expected.shape, actual.shape);
        var worst = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{name} at {size}x{size}: max |ORT - TorchSharp| = {worst:E2}; probabilities {string.Join(" ", expected.data<float>().ToArray().Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
        // Not a degenerate comparison: the probabilities differ between the two images.
        Assert.True((expected[0] - expected[1]).abs().max().item<float>() > 1e-3);
        var batchNorms = backbone.named_modules().Count(m => m.module is BatchNorm2d);
        Assert.Equal(batchNorms, onnx.Graph.Node.Count(n => n.OpType == "BatchNormalization"));
    }

    [Theory]
    [InlineData("mobilenet_v2", "mobilenet's inverted-residual skip connections")]
    [InlineData("googlenet", "googlenet's and inception_v3's concatenated branches")]
    public void Other_families_are_refused_naming_the_kind_and_why(string name, string why)
    {
        using var backbone = TorchVisionBackbone.Create(name);
        using var model = new TransferModel(backbone, nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(backbone.OutputChannels, 2)), ClassifierOutput.Softmax);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, new OnnxExportOptions(["a", "b"], 96, 96)));

        Assert.StartsWith($"TorchVision backbone {name} cannot be exported to ONNX yet: only the resnet, vgg and alexnet families are written as ONNX nodes.", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every parameter and running statistic moved, so the export must read the current values, not torchvision's initial ones.</summary>
    private static void ChangeWeights(nn.Module backbone)
    {
        using var _ = no_grad();
        foreach (var (_, parameter) in backbone.named_parameters())
            parameter.mul_(rand_like(parameter).mul_(0.4).add_(0.8)); // each value times 0.8 .. 1.2
        foreach (var norm in backbone.named_modules().Select(m => m.module).OfType<BatchNorm2d>())
        {
            norm.running_mean!.add_(randn_like(norm.running_mean).mul_(0.1));
            norm.running_var!.mul_(rand_like(norm.running_var).add_(0.5));
        }
    }
}
