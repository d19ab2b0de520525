using TLDeclarative.Backbones;
using TLDeclarative.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// A backbone written in TorchSharp (not imported from ONNX) that implements
/// <see cref="IOnnxExportableBackbone"/> by writing its layers itself: how other backbone kinds plug in.
/// </summary>
internal sealed class ConvReluBackbone : Backbone, IOnnxExportableBackbone
{
    private readonly Conv2d conv;

    public ConvReluBackbone()
        : base(nameof(ConvReluBackbone))
    {
        conv = nn.Conv2d(3, 8, 3, stride: 2, padding: 1);
        RegisterComponents();
        Stages = [new BackboneStage("conv", [conv])];
    }

    public override IReadOnlyList<BackboneStage> Stages { get; }

    public override int OutputChannels => 8;

    /// <summary>[0,1] to [-1,1].</summary>
    public override Tensor Preprocess(Tensor rgb01) => rgb01.mul(2).sub_(1);

    public override Tensor forward(Tensor input)
    {
        using var convolved = conv.call(input);
        return nn.functional.relu(convolved);
    }

    public string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width)
    {
        var weight = writer.AddInitializer("conv_weight", conv.weight);
        var bias = writer.AddInitializer("conv_bias", conv.bias!);
        var convolved = writer.AddNode("Conv", "conv", [input, weight, bias],
            OnnxGraphWriter.IntsAttribute("kernel_shape", [3, 3]), OnnxGraphWriter.IntsAttribute("strides", [2, 2]), OnnxGraphWriter.IntsAttribute("pads", [1, 1, 1, 1]));
        return writer.AddNode("Relu", "relu", convolved);
    }

    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        using var output = forward(input);
        stageOutput(0, output);
    }
}
