using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TLDeclarative.Runtime;

/// <summary>
/// Convolutions that stay right where oneDNN's AVX-512 kernels are wrong (<see cref="ConvolutionGuard"/>).
/// Measured here (docs/numerics.md): with a kernel above 1x1, the forward pass is wrong when a group's
/// input channels are above 16 and not a multiple of 16; the input gradient is wrong when a group's output
/// channels are (it convolves them), and, with a stride above 1, when a group's input channels are above 16
/// and not a multiple of 32. Such a layer runs with each group's channels zero-padded up to those multiples,
/// then the extra output channels are dropped. Zero channels add exactly nothing, so it is the same
/// convolution, and gradients reach the real weights through the padding.
/// </summary>
public static class GuardedConvolution
{
    private const long Threshold = 16;
    private static readonly ConditionalWeakTable<Conv2d, ThreadLocal<Tensor?>> Guarded = new();

    /// <summary>True for the layers the defect affects: kernel above 1x1 and a group's channel count oneDNN gets wrong.</summary>
    public static bool IsAffected(long inChannels, long outChannels, long kernelHeight, long kernelWidth, long groups, long stride) =>
        kernelHeight * kernelWidth > 1
        && (AlignedInput(inChannels / groups, stride) != inChannels / groups || AlignedOutput(outChannels / groups) != outChannels / groups);

    /// <summary><c>F.conv2d</c> with zero padding only (no padding modes), channel-padded when the guard asks for it.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return ConvolutionGuard.PadsChannels && IsAffected(weight.shape[1] * groups, weight.shape[0], weight.shape[2], weight.shape[3], groups, stride.Max())
            ? ChannelPadded(input, weight, bias, stride, padding, dilation, groups)
            : F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /// <summary>
    /// Makes every affected <see cref="Conv2d"/> under <paramref name="root"/> run channel-padded, when the
    /// guard asks for it (TorchSharp's Conv2d is sealed, so through forward hooks). Idempotent. Returns the
    /// number of layers guarded by this call.
    /// </summary>
    public static int Protect(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!ConvolutionGuard.PadsChannels) return 0;
        var added = 0;
        foreach (var conv in root.modules().OfType<Conv2d>())
        {
            if (!IsAffected(conv.in_channels, conv.out_channels, conv.kernel_size[0], conv.kernel_size[1], conv.groups, conv.stride.Max())) continue;
            var stash = new ThreadLocal<Tensor?>();
            if (!Guarded.TryAdd(conv, stash)) continue;
            conv.register_forward_pre_hook((_, input) => StandIn(conv, input, stash));
            conv.register_forward_hook((_, _, standInOutput) => Replace(conv, standInOutput, stash));
            added++;
        }

        return added;
    }

    // The module's own forward still runs (it cannot be replaced), so it gets the smallest input that
    // still has an output: one image, one kernel's extent. The real input waits in the stash.
    private static Tensor StandIn(Conv2d conv, Tensor input, ThreadLocal<Tensor?> stash)
    {
        stash.Value = input;
        var batched = input.dim() == 4 ? input.narrow(0, 0, 1) : input;
        var h = Math.Min(batched.shape[^2], conv.dilation[0] * (conv.kernel_size[0] - 1) + 1);
        var w = Math.Min(batched.shape[^1], conv.dilation[1] * (conv.kernel_size[1] - 1) + 1);
        return batched.narrow(-2, 0, h).narrow(-1, 0, w);
    }

    private static Tensor Replace(Conv2d conv, Tensor standInOutput, ThreadLocal<Tensor?> stash)
    {
        var input = stash.Value ?? throw new InvalidOperationException("A guarded Conv2d ran without its pre-hook.");
        stash.Value = null;
        standInOutput.Dispose();
        var (padded, padding) = ApplyPaddingMode(conv, input);
        return ChannelPadded(padded, conv.weight, conv.bias, conv.stride, padding, conv.dilation, conv.groups);
    }

    // Conv2d's padding modes and 'same'/'valid' become explicit input padding, so the convolution itself pads nothing.
    private static (Tensor Input, long[] Padding) ApplyPaddingMode(Conv2d conv, Tensor input)
    {
        if (conv.padding_type is { } type)
        {
            if (type == Padding.Valid) return (input, [0, 0]);
            var total = conv.kernel_size.Select((k, i) => conv.dilation[i] * (k - 1)).ToArray();
            return (F.pad(input, [total[1] / 2, total[1] - total[1] / 2, total[0] / 2, total[0] - total[0] / 2]), [0, 0]);
        }

        var padding = conv.padding ?? [0, 0];
        return conv.padding_mode == PaddingModes.Zeros
            ? (input, padding)
            : (F.pad(input, [padding[1], padding[1], padding[0], padding[0]], conv.padding_mode), [0, 0]);
    }

    private static Tensor ChannelPadded(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        using var scope = NewDisposeScope();
        var batch = input.shape[..^3]; // empty for an unbatched (C,H,W) input
        var (groupOut, groupIn) = (weight.shape[0] / groups, weight.shape[1]);
        var (paddedIn, paddedOut) = (AlignedInput(groupIn, stride.Max()), AlignedOutput(groupOut));

        // Channels are padded within each group: (..., G, C/G, H, W), pad the C/G axis, flatten back.
        var groupedInput = input.reshape([.. batch, groups, groupIn, input.shape[^2], input.shape[^1]]);
        var paddedInput = F.pad(groupedInput, [0, 0, 0, 0, 0, paddedIn - groupIn]).reshape([.. batch, groups * paddedIn, input.shape[^2], input.shape[^1]]);
        var groupedWeight = weight.reshape(groups, groupOut, groupIn, weight.shape[2], weight.shape[3]);
        var paddedWeight = F.pad(groupedWeight, [0, 0, 0, 0, 0, paddedIn - groupIn, 0, paddedOut - groupOut]).reshape(groups * paddedOut, paddedIn, weight.shape[2], weight.shape[3]);
        var paddedBias = bias is null ? null : F.pad(bias.reshape(groups, groupOut), [0, paddedOut - groupOut]).reshape(groups * paddedOut);
        var output = F.conv2d(paddedInput, paddedWeight, paddedBias, stride, padding, dilation, groups);
        if (paddedOut > groupOut)
        {
            var (h, w) = (output.shape[^2], output.shape[^1]);
            output = output.reshape([.. batch, groups, paddedOut, h, w]).narrow(-3, 0, groupOut).reshape([.. batch, groups * groupOut, h, w]);
        }

        return output.MoveToOuterDisposeScope();
    }

    // The input gradient of a strided convolution is wrong for 40, 48, 80, 112, 144 channels but right
    // for multiples of 32 (and for 24 and 56): 32 is the multiple measured right in every case.
    private static long AlignedInput(long channels, long stride) => RoundUp(channels, stride > 1 ? 2 * Threshold : Threshold);

    private static long AlignedOutput(long channels) => RoundUp(channels, Threshold);

    private static long RoundUp(long channels, long multiple) =>
        channels <= Threshold ? channels : (channels + multiple - 1) / multiple * multiple;
}
