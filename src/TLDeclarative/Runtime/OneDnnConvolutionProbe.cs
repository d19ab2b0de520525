using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Runtime;

/// <summary>
/// Runs float32 convolutions the oneDNN defect spoils on AVX-512 CPUs (docs/numerics.md) and measures
/// them against float64: a forward pass with 24 input channels, an input gradient with 40 output channels,
/// and a strided input gradient with 48 input channels; 3x3 kernels, batch 8, 14x14. Uses its own random
/// generator, so the global seed of a run is untouched. Takes a few milliseconds.
/// </summary>
internal static class OneDnnConvolutionProbe
{
    /// <summary>Relative error above which a convolution counts as wrong (a right one is about 1e-6).</summary>
    public const double Tolerance = 1e-3;

    public static (double Forward, double InputGradient) Run()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var generator = new Generator(20261206);

        var x = randn([8, 24, 14, 14], generator: generator);
        var w = randn([64, 24, 3, 3], generator: generator);
        var forward = RelativeError(F.conv2d(x, w, padding: [1, 1]), F.conv2d(x.to(float64), w.to(float64), padding: [1, 1]));
        if (double.IsNaN(forward)) forward = double.PositiveInfinity;

        var inputGradient = Math.Max(InputGradientError(generator, 64, 40, 1), InputGradientError(generator, 48, 64, 2));
        return (forward, inputGradient);
    }

    internal static double RelativeError(Tensor actual, Tensor reference) =>
        (actual.to(float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();

    // NaN (the wrong kernels read stray memory) must count as wrong, so it becomes infinity.
    private static double InputGradientError(Generator generator, long inChannels, long outChannels, long stride)
    {
        var size = 14 / stride;
        var upstream = randn([8, outChannels, size, size], generator: generator);
        var inputs = randn([8, inChannels, 14, 14], generator: generator);
        var weights = randn([outChannels, inChannels, 3, 3], generator: generator);
        var error = RelativeError(InputGradient(inputs, weights, upstream, stride), InputGradient(inputs.to(float64), weights.to(float64), upstream.to(float64), stride));
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    private static Tensor InputGradient(Tensor input, Tensor weight, Tensor upstream, long stride)
    {
        var leaf = input.detach().requires_grad_();
        (F.conv2d(leaf, weight, strides: [stride, stride], padding: [1, 1]) * upstream).sum().backward();
        return leaf.grad!;
    }
}
