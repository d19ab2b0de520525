using TLDeclarative.Backbones;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// The ImageNet ResNet-18 with every weight and BatchNorm statistic changed (as training would), so
/// that an export that wrote the file's original weights fails the parity tests.
/// </summary>
public sealed class TrainedResNet18Fixture : IDisposable
{
    public TrainedResNet18Fixture()
    {
        Backbone = ImageNetResNet18.Load(ResNet18ModelFiles.Locate());
        var generator = new TorchSharp.torch.Generator(2024);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        FirstConvolution = Backbone.Graph.Nodes.Select(n => n.Module).OfType<Conv2d>().First();
        FileFirstConvolutionWeight = FirstConvolution.weight.detach().clone().MoveToOuterDisposeScope();
        foreach (var parameter in Backbone.parameters())
            parameter.mul_(1 + (0.05 * randn(parameter.shape, generator: generator)));
        foreach (var norm in Backbone.Graph.Nodes.Select(n => n.Module).OfType<BatchNorm2d>())
        {
            norm.running_mean!.add_(0.05 * randn(norm.running_mean.shape, generator: generator) * norm.running_var!.sqrt());
            norm.running_var.mul_(1 + (0.1 * rand(norm.running_var.shape, generator: generator)));
        }
    }

    /// <summary>Shared by the tests' models; they only run it in inference mode.</summary>
    public ImageNetResNet18 Backbone { get; }

    public Conv2d FirstConvolution { get; }

    /// <summary>The first convolution's weight as the ONNX file holds it (before the change).</summary>
    public Tensor FileFirstConvolutionWeight { get; }

    public void Dispose()
    {
        FileFirstConvolutionWeight.Dispose();
        Backbone.Dispose();
    }
}
