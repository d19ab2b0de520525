using TLDeclarative.Augmentation;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Augmentation;

public sealed class BatchMixingTests
{
    [Fact]
    public void MixupIsTheExactLambdaCombination()
    {
        using var images = AugmentationImages.Random(3, 4, 4);
        using var labels = tensor(new long[] { 0, 1, 2 });

        using var mixed = BatchMixing.Mixup(images, labels, 0.3, [2, 0, 1]);

        using var partner = images.index_select(0, tensor(new long[] { 2, 0, 1 }));
        Assert.True(mixed.Images.allclose((images * 0.3) + (partner * 0.7), rtol: 0, atol: 1e-6));
        Assert.Equal([2L, 0L, 1L], mixed.OtherLabels.data<long>().ToArray());
        Assert.Equal(0.3, mixed.Lambda);
        Assert.Same(mixed.OtherLabels, mixed.MajorityLabels(labels));
    }

    [Fact]
    public void CutMixPastesTheBoxAndLambdaIsTheUncoveredFraction()
    {
        using var images = AugmentationImages.Random(2, 8, 8);
        using var labels = tensor(new long[] { 4, 7 });

        using var mixed = BatchMixing.CutMix(images, labels, new CropBox(1, 2, 3, 4), [1, 0]);

        Assert.Equal(1 - (12.0 / 64), mixed.Lambda);
        Assert.True(mixed.Images[0, .., 1..4, 2..6].allclose(images[1, .., 1..4, 2..6], rtol: 0, atol: 0));
        Assert.True(mixed.Images[1, .., 1..4, 2..6].allclose(images[0, .., 1..4, 2..6], rtol: 0, atol: 0));
        using var outside = ones([8, 8], ScalarType.Bool);
        outside[1..4, 2..6] = tensor(false);
        Assert.True(mixed.Images[0].masked_select(outside).allclose(images[0].masked_select(outside), rtol: 0, atol: 0));
        Assert.Equal([7L, 4L], mixed.OtherLabels.data<long>().ToArray());
        Assert.Same(labels, mixed.MajorityLabels(labels));
    }

    [Fact]
    public void CutMixBoxesStayInsideTheImageAndShrinkWithLambda()
    {
        var random = new Random(3);

        var boxes = Enumerable.Range(0, 300).Select(i => (Lambda: i / 300.0, Box: BatchMixing.CutMixBox(random, 20, 30, i / 300.0))).ToList();

        Assert.All(boxes, b =>
        {
            Assert.InRange(b.Box.Top, 0, 20);
            Assert.InRange(b.Box.Top + b.Box.Height, 0, 20);
            Assert.InRange(b.Box.Left + b.Box.Width, 0, 30);
            Assert.True(b.Box.Area <= (1 - b.Lambda) * 600 + 1e-9, $"box {b.Box} for lambda {b.Lambda}");
        });
    }

    [Fact]
    public void AugmenterMixIsSeededAndReproducibleFromItsParameters()
    {
        using var images = AugmentationImages.Random(8, 6, 6);
        using var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var settings = AugmentationSettings.None with { Mixup = 0.4 };

        using var first = new BatchAugmenter(settings, seed: 1).Mix(images, labels, 0, 3)!;
        using var again = new BatchAugmenter(settings, seed: 1).Mix(images, labels, 0, 3)!;
        using var other = new BatchAugmenter(settings, seed: 1).Mix(images, labels, 0, 4)!;
        using var rebuilt = BatchMixing.Mixup(images, labels, first.Lambda, first.Permutation);

        Assert.Equal(BatchMixKind.Mixup, first.Kind);
        Assert.InRange(first.Lambda, 0, 1);
        Assert.True(first.Images.allclose(again.Images, rtol: 0, atol: 0));
        Assert.Equal(first.Permutation, again.Permutation);
        Assert.NotEqual(first.Lambda, other.Lambda);
        Assert.True(first.Images.allclose(rebuilt.Images, rtol: 0, atol: 0));
        Assert.Null(new BatchAugmenter(AugmentationSettings.None with { Brightness = 0.1 }, 1).Mix(images, labels, 0, 0));
    }

    [Fact]
    public void WithBothEnabledBatchesPickMixupOrCutMix()
    {
        using var images = AugmentationImages.Random(4, 6, 6);
        using var labels = tensor(new long[] { 0, 1, 0, 1 });
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { Mixup = 1, CutMix = 1 }, seed: 2);

        var kinds = Enumerable.Range(0, 40).Select(b =>
        {
            using var mixed = augmenter.Mix(images, labels, 0, b)!;
            return mixed.Kind;
        }).ToList();

        Assert.InRange(kinds.Count(k => k == BatchMixKind.CutMix), 8, 32);
    }

    [Theory]
    [InlineData(0.4, 0.4)]
    [InlineData(2, 5)]
    [InlineData(1, 1)]
    public void BetaSamplesHaveTheRightMeanAndVariance(double a, double b)
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 20_000).Select(_ => BetaDistribution.Sample(random, a, b)).ToArray();

        var mean = samples.Average();
        var variance = samples.Select(x => (x - mean) * (x - mean)).Average();
        Assert.All(samples, x => Assert.InRange(x, 0, 1));
        Assert.Equal(a / (a + b), mean, 0.01);
        Assert.Equal(a * b / ((a + b) * (a + b) * (a + b + 1)), variance, 0.005);
    }
}
