using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

/// <summary>The imported network against ONNX Runtime on the original files, on real image data.</summary>
[Collection(ResNet18FixtureDefinition.Name)]
public sealed class ImageNetResNet18ParityTests(ResNet18Fixture fixture, ITestOutputHelper output)
{
    private const int Images = 4;

    [Fact]
    public void Preprocess_at_224_equals_ResNetPreprocess_onnx()
    {
        using var scope = NewDisposeScope();
        var rgb = FashionMnistImages.Rgb(Images, 224);
        var ours = fixture.Pretrained.Preprocess(rgb);

        var worst = 0.0;
        for (var i = 0; i < Images; i++)
        {
            var reference = tensor(fixture.Reference.Preprocess(rgb.narrow(0, i, 1) * 255f), [1, 3, 224, 224]);
            worst = Math.Max(worst, (ours.narrow(0, i, 1) - reference).abs().max().item<float>());
        }

        output.WriteLine($"preprocess max |ours - ORT| = {worst:E3}");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
    }

    [Fact]
    public void Features_at_224_match_onnx_runtime()
    {
        using var scope = NewDisposeScope();
        var rgb = FashionMnistImages.Rgb(Images, 224);
        Tensor features;
        using (no_grad())
        {
            features = fixture.Pretrained.forward(fixture.Pretrained.Preprocess(rgb));
        }

        Assert.Equal(new long[] { Images, 512, 7, 7 }, features.shape);
        var pooled = features.mean([2, 3]);
        double worstPooled = 0, worstMap = 0, largest = 0;
        for (var i = 0; i < Images; i++)
        {
            var (refPooled, refMap) = fixture.Reference.Features(rgb.narrow(0, i, 1));
            worstPooled = Math.Max(worstPooled, (pooled[i] - tensor(refPooled)).abs().max().item<float>());
            worstMap = Math.Max(worstMap, (features[i].flatten() - tensor(refMap)).abs().max().item<float>());
            largest = Math.Max(largest, refMap.Max());
        }

        output.WriteLine($"pooled features: max |ours - ORT| = {worstPooled:E3}; feature map: {worstMap:E3} (largest activation {largest:F2})");
        Assert.True(worstPooled <= 1e-3, $"pooled max abs difference {worstPooled}");
        Assert.True(worstMap <= 1e-3, $"feature map max abs difference {worstMap}");
    }

    [Theory]
    [InlineData(150, 5)]
    [InlineData(64, 2)]
    public void Runs_at_other_sizes_with_SAME_padding(int size, int expectedSide)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rgb = FashionMnistImages.Rgb(2, size);
        var features = fixture.Pretrained.forward(fixture.Pretrained.Preprocess(rgb));

        // SAME halves (rounding up) at each of the five stride-2 steps: 150 -> 75, 38, 19, 10, 5.
        Assert.Equal(new long[] { 2, 512, expectedSide, expectedSide }, features.shape);
        Assert.True(features.isfinite().all().item<bool>());
        Assert.True(features.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Preprocess_resizes_the_mean_image_at_other_sizes()
    {
        using var scope = NewDisposeScope();
        var black = zeros(1, 3, 150, 150);
        var preprocessed = fixture.Pretrained.Preprocess(black);

        Assert.Equal(new long[] { 1, 3, 150, 150 }, preprocessed.shape);
        // A black image minus the BGR mean: about -103, -116, -123 per channel on average.
        var channelMeans = preprocessed.mean([0, 2, 3]).data<float>().ToArray();
        Assert.InRange(channelMeans[0], -106, -100);
        Assert.InRange(channelMeans[1], -119, -113);
        Assert.InRange(channelMeans[2], -126, -120);
    }
}
