using TLDeclarative.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Runtime;

/// <summary>
/// The run time's convolutions against float64, forward and both gradients, at training-like sizes: the
/// tests that catch libtorch's oneDNN defect on AVX-512 CPUs (docs/numerics.md). Channel counts that are
/// and are not multiples of 16 (the defect's condition), kernels 1/3/5/7, stride 1/2, dense and depthwise.
/// </summary>
public sealed class GuardedConvolutionTests
{
    public static TheoryData<long, long, long, long> DenseCases()
    {
        var cases = new TheoryData<long, long, long, long>();
        foreach (var (inChannels, outChannels) in new[] { (16L, 64L), (24L, 64L), (32L, 40L), (40L, 48L), (104L, 24L) })
        foreach (var kernel in new[] { 1L, 3L, 5L, 7L })
        foreach (var stride in new[] { 1L, 2L })
            cases.Add(inChannels, outChannels, kernel, stride);
        return cases;
    }

    [Theory]
    [MemberData(nameof(DenseCases))]
    public void Dense_convolution_matches_float64_at_batch_8_and_14_pixels(long inChannels, long outChannels, long kernel, long stride) =>
        AssertRight(8, inChannels, outChannels, kernel, stride, groups: 1, size: 14);

    [Theory]
    [InlineData(32, 24, 64, 3, 1, 14)] // googlenet's inception4b/4c shape at a larger batch
    [InlineData(8, 40, 40, 3, 1, 32)]
    [InlineData(8, 116, 116, 3, 2, 28)] // ShuffleNet-like width
    [InlineData(8, 112, 192, 5, 1, 14)] // EfficientNet-like widths
    public void Dense_convolution_matches_float64_at_larger_sizes(long batch, long inChannels, long outChannels, long kernel, long stride, long size) =>
        AssertRight(batch, inChannels, outChannels, kernel, stride, groups: 1, size);

    [Theory]
    [InlineData(80, 48, 3, 1, 2)] // 40 input channels a group
    [InlineData(96, 64, 3, 2, 2)] // 48 a group, strided: wrong input gradient unpadded
    [InlineData(96, 96, 5, 1, 4)]
    public void Grouped_convolution_matches_float64(long inChannels, long outChannels, long kernel, long stride, long groups) =>
        AssertRight(8, inChannels, outChannels, kernel, stride, groups, size: 28);

    [Theory]
    [InlineData(24, 3, 1)]
    [InlineData(40, 5, 2)]
    [InlineData(96, 7, 1)]
    [InlineData(120, 3, 2)]
    public void Depthwise_convolution_matches_float64(long channels, long kernel, long stride) =>
        AssertRight(16, channels, channels, kernel, stride, groups: channels, size: 28);

    [Theory]
    [InlineData(PaddingModes.Zeros)]
    [InlineData(PaddingModes.Reflect)]
    public void Conv2d_modules_under_a_protected_root_match_float64(PaddingModes mode)
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(24, 40, 5, padding: 2, padding_mode: mode);
        var reference = nn.Conv2d(24, 40, 5, padding: 2, padding_mode: mode, dtype: float64);
        reference.load_state_dict(conv.state_dict().ToDictionary(p => p.Key, p => p.Value.to(float64)));
        var network = nn.Sequential(conv, nn.ReLU());
        Assert.Equal(ConvolutionGuard.PadsChannels ? 1 : 0, GuardedConvolution.Protect(network));
        Assert.Equal(0, GuardedConvolution.Protect(network)); // idempotent

        var generator = new Generator(11);
        var input = randn([8, 24, 14, 14], generator: generator);
        var upstream = randn([8, 40, 14, 14], generator: generator);
        var ours = ConvolutionReference.Run((x, _, _) => conv.call(x), input, conv.weight, conv.bias!, upstream);
        var exact = ConvolutionReference.Run((x, _, _) => reference.call(x), input.to(float64), reference.weight, reference.bias!, upstream.to(float64));
        double[] errors =
        [
            ConvolutionReference.Relative(ours.Output, exact.Output),
            ConvolutionReference.Relative(ours.InputGradient, exact.InputGradient),
            ConvolutionReference.Relative(conv.weight.grad!, reference.weight.grad!),
        ];
        Assert.True(errors.Max() < ConvolutionReference.Tolerance,
            $"protected Conv2d ({mode}): forward, input gradient, weight gradient {string.Join(", ", errors.Select(e => e.ToString("E2", System.Globalization.CultureInfo.InvariantCulture)))} from float64; {ConvolutionGuard.State.Summary}");
    }

    [Theory]
    [InlineData("inception4b.branch3.1.conv")]
    [InlineData("inception4c.branch3.1.conv")]
    public void Googlenet_inception_3x3_convolutions_on_24_channels_match_float64_in_the_catalogue_backbone(string path)
    {
        using var backbone = TLDeclarative.Backbones.TorchVision.TorchVisionBackbone.Create("googlenet");
        var conv = backbone.named_modules().Where(m => m.name.EndsWith(path, StringComparison.Ordinal)).Select(m => m.module).OfType<TorchSharp.Modules.Conv2d>().Single();
        Assert.Equal(24, conv.in_channels);
        using var scope = NewDisposeScope();
        var input = randn([8, 24, 14, 14], generator: new Generator(5));
        Tensor ours;
        using (no_grad()) ours = conv.call(input);
        var exact = nn.functional.conv2d(input.to(float64), conv.weight.to(float64), conv.bias?.to(float64), padding: [1, 1]);
        var error = ConvolutionReference.Relative(ours, exact);
        Assert.True(error < ConvolutionReference.Tolerance, $"googlenet {path}: {error:E2} from float64; {ConvolutionGuard.State.Summary}");
    }

    [Fact]
    public void The_guard_pads_exactly_when_plain_libtorch_is_wrong_here()
    {
        var state = ConvolutionGuard.State;
        if (state.Mode != ConvolutionGuardMode.Auto) return; // a forced mode decides without measuring
        var raw = ConvolutionReference.Errors((x, w, b) => nn.functional.conv2d(x, w, b, padding: [1, 1]), 8, 24, 64, 3, 1, 1, 14, seed: 3);
        var rawWrong = !(raw.Forward <= ConvolutionReference.Tolerance); // NaN is wrong too
        Assert.True(rawWrong == (state.Verdict == ConvolutionVerdict.Wrong),
            $"plain conv2d here: forward {raw.Forward:E2} from float64, but the guard says: {state.Summary}");
        Assert.Equal(rawWrong, state.Workaround == ConvolutionWorkaround.ChannelPadding);
    }

    [Theory]
    [InlineData(24, 64, 3, 1, 1, true)]
    [InlineData(64, 40, 3, 1, 1, true)] // the input gradient convolves the 40 output channels
    [InlineData(32, 64, 3, 1, 1, false)]
    [InlineData(48, 64, 3, 1, 1, false)]
    [InlineData(48, 64, 3, 1, 2, true)] // strided: the input gradient needs multiples of 32
    [InlineData(96, 64, 3, 1, 2, false)]
    [InlineData(24, 24, 1, 1, 1, false)] // 1x1: right in every case measured
    [InlineData(40, 40, 3, 40, 1, false)] // depthwise: one channel a group
    [InlineData(80, 80, 3, 2, 1, true)] // 40 channels a group
    [InlineData(12, 20, 3, 1, 1, true)] // only the output side (20) is misaligned
    [InlineData(8, 12, 3, 1, 2, false)] // at most 16 channels: right
    public void Affected_layers_have_a_kernel_above_1x1_and_a_misaligned_group_width(long inChannels, long outChannels, long kernel, long groups, long stride, bool affected) =>
        Assert.Equal(affected, GuardedConvolution.IsAffected(inChannels, outChannels, kernel, kernel, groups, stride));

    private static void AssertRight(long batch, long inChannels, long outChannels, long kernel, long stride, long groups, long size)
    {
        var errors = ConvolutionReference.Errors(
            (x, w, b) => GuardedConvolution.Conv2d(x, w, b, [stride, stride], [kernel / 2, kernel / 2], [1, 1], groups),
            batch, inChannels, outChannels, kernel, stride, groups, size, seed: inChannels * 100 + kernel * 10 + stride);
        var worst = Math.Max(errors.Forward, Math.Max(errors.InputGradient, errors.WeightGradient));
        Assert.True(worst < ConvolutionReference.Tolerance,
            $"conv2d {inChannels}->{outChannels} k{kernel} s{stride} g{groups} batch {batch} {size}x{size}: forward {errors.Forward:E2}, "
            + $"input gradient {errors.InputGradient:E2}, weight gradient {errors.WeightGradient:E2} from float64. {ConvolutionGuard.State.Summary}");
    }
}
