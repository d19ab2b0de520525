using TLDeclarative.Backbones.TorchVision;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>
/// Compares a backbone with the complete TorchVision network it came from: the backbone's feature map,
/// pooled and passed through the original network's own classifier, must give the network's logits.
/// </summary>
internal static class TorchVisionParity
{
    /// <summary>Largest absolute difference between the network's logits and backbone + original classifier, both in eval mode.</summary>
    public static double MaxLogitDifference(nn.Module<Tensor, Tensor> network, string classifier, TorchVisionBackbone backbone, int size)
    {
        network.eval();
        backbone.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var input = randn(2, 3, size, size);
        var expected = network.call(input);
        var head = (nn.Module<Tensor, Tensor>)network.named_children().Single(c => c.name == classifier).module;
        var actual = head.call(nn.functional.adaptive_avg_pool2d(backbone.call(input), 1).flatten(1));
        Assert.Equal(expected.shape, actual.shape);
        return (expected - actual).abs().max().item<float>();
    }
}
