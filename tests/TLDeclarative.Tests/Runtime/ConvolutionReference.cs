using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Tests.Runtime;

/// <summary>One float32 convolution's forward, input gradient and weight gradient, and how far each is from float64.</summary>
internal static class ConvolutionReference
{
    /// <summary>A right float32 convolution is about 1e-6 from float64; the oneDNN defect is 0.1-0.6.</summary>
    public const double Tolerance = 1e-4;

    public delegate Tensor Convolution(Tensor input, Tensor weight, Tensor bias);

    /// <summary>Relative errors (max |a - b| / max |b|) of forward, input gradient and weight gradient.</summary>
    public static (double Forward, double InputGradient, double WeightGradient) Errors(
        Convolution float32, long batch, long inChannels, long outChannels, long kernel, long stride, long groups, long size, long seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var input = randn([batch, inChannels, size, size], generator: generator);
        var weight = randn([outChannels, inChannels / groups, kernel, kernel], generator: generator) / MathF.Sqrt(inChannels / groups * kernel * kernel);
        var bias = randn([outChannels], generator: generator);
        var upstream = randn(Output(input, weight, bias, stride, groups).shape, generator: generator);

        var (y32, dx32, dw32) = Run(float32, input, weight, bias, upstream);
        var (y64, dx64, dw64) = Run((x, w, b) => Output(x, w, b, stride, groups), input.to(float64), weight.to(float64), bias.to(float64), upstream.to(float64));
        return (Relative(y32, y64), Relative(dx32, dx64), Relative(dw32, dw64));
    }

    public static double Relative(Tensor actual, Tensor reference) =>
        (actual.to(float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();

    private static Tensor Output(Tensor input, Tensor weight, Tensor bias, long stride, long groups)
    {
        var padding = weight.shape[2] / 2;
        return F.conv2d(input, weight, bias, [stride, stride], [padding, padding], [1, 1], groups);
    }

    internal static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Run(Convolution convolution, Tensor input, Tensor weight, Tensor bias, Tensor upstream)
    {
        using var grad = enable_grad();
        var x = input.detach().requires_grad_();
        var w = weight.detach().requires_grad_();
        var y = convolution(x, w, bias.detach());
        (y * upstream).sum().backward();
        return (y.detach(), x.grad!, w.grad!);
    }
}
