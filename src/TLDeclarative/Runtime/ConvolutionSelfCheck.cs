using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Runtime;

/// <summary>
/// One affected convolution (24 -&gt; 64 channels, 3x3, batch 8, 14x14) run in this process as plain libtorch
/// runs it and as the run time runs it (<see cref="GuardedConvolution"/>), each measured against float64:
/// shows that the guard's workaround, or the ISA cap, actually reached the native code.
/// </summary>
public static class ConvolutionSelfCheck
{
    /// <summary>Relative errors (max |a - b| / max |b|; NaN reads as infinity) of plain and guarded conv2d.</summary>
    public static (double Plain, double Guarded) Run()
    {
        TorchNative.EnsureLoaded();
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var x = randn([8, 24, 14, 14], generator: generator);
        var w = randn([64, 24, 3, 3], generator: generator);
        var exact = F.conv2d(x.to(float64), w.to(float64), padding: [1, 1]);
        var plain = OneDnnConvolutionProbe.RelativeError(F.conv2d(x, w, padding: [1, 1]), exact);
        var guarded = OneDnnConvolutionProbe.RelativeError(GuardedConvolution.Conv2d(x, w, null, [1, 1], [1, 1], [1, 1], 1), exact);
        return (Finite(plain), Finite(guarded));
    }

    private static double Finite(double error) => double.IsNaN(error) ? double.PositiveInfinity : error;
}
