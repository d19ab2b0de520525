using TLDeclarative.Augmentation;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Augmentation;

public sealed class CropErasingFlipTests
{
    [Fact]
    public void VerticalFlipGivesEachImageOrItsExactTopBottomMirror()
    {
        using var images = AugmentationImages.Random(16, 5, 7);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { VerticalFlip = true }, seed: 3);

        using var output = augmenter.Augment(images, 0, 0);

        var flipped = 0;
        for (var i = 0; i < 16; i++)
        {
            var same = output[i].allclose(images[i], rtol: 0, atol: 0);
            var mirrored = output[i].allclose(images[i].flip(1), rtol: 0, atol: 0);
            Assert.True(same ^ mirrored, $"image {i} is neither itself nor its mirror");
            flipped += mirrored ? 1 : 0;
        }

        Assert.InRange(flipped, 1, 15);
    }

    [Fact]
    public void ResizedCropMatchesCroppingThenBilinearInterpolation()
    {
        using var images = AugmentationImages.Random(2, 8, 10);
        CropBox[] boxes = [new(2, 1, 4, 5), new(0, 3, 8, 6)];

        using var output = RandomResizedCrop.Apply(images, boxes);

        Assert.Equal(images.shape, output.shape);
        for (var i = 0; i < 2; i++)
        {
            var box = boxes[i];
            using var crop = images[i..(i + 1), .., box.Top..(box.Top + box.Height), box.Left..(box.Left + box.Width)];
            using var expected = nn.functional.interpolate(crop, [8, 10], mode: InterpolationMode.Bilinear, align_corners: false);
            using var difference = output[i..(i + 1)].sub(expected).abs();
            Assert.True(difference.max().item<float>() < 1e-5, $"image {i}: {difference.max().item<float>()} at {difference.argmax().item<long>()}");
        }
    }

    [Fact]
    public void TheWholeImageAsCropIsTheIdentity()
    {
        using var images = AugmentationImages.Random(1, 6, 9);

        using var output = RandomResizedCrop.Apply(images, [new CropBox(0, 0, 6, 9)]);

        Assert.True(output.allclose(images, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void SampledCropsRespectScaleAndRatio()
    {
        var settings = new RandomResizedCropSettings(0.25, 0.5, 0.5, 2);
        var random = new Random(1);

        var boxes = Enumerable.Range(0, 500).Select(_ => RandomResizedCrop.SampleBox(random, 100, 120, settings)).ToList();

        Assert.All(boxes, b =>
        {
            Assert.InRange(b.Top, 0, 100 - b.Height);
            Assert.InRange(b.Left, 0, 120 - b.Width);
            Assert.InRange(b.Area / 12000.0, 0.24, 0.51);
            Assert.InRange((double)b.Width / b.Height, 0.48, 2.05);
        });
        Assert.Contains(boxes, b => b.Area / 12000.0 < 0.3);
        Assert.Contains(boxes, b => b.Area / 12000.0 > 0.45);
    }

    [Fact]
    public void ImpossibleCropsFallBackToTheCentralCrop()
    {
        // Every try is too wide for a 10x100 strip at ratio 1 and full scale, so the centre square is used.
        var box = RandomResizedCrop.SampleBox(new Random(2), 100, 10, new RandomResizedCropSettings(1, 1, 1, 1));

        Assert.Equal(new CropBox(45, 0, 10, 10), box);
    }

    [Fact]
    public void AugmenterCropKeepsTheInputSize()
    {
        using var images = AugmentationImages.Random(4, 12, 16);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { RandomResizedCrop = new RandomResizedCropSettings() }, seed: 1);

        using var output = augmenter.Augment(images, 0, 0);

        Assert.Equal(images.shape, output.shape);
        Assert.False(output.allclose(images));
    }

    [Fact]
    public void ErasingZeroesOneRectangleCoveringTwoToThirtyThreePercent()
    {
        using var images = AugmentationImages.Random(24, 40, 40, 0.1, 1);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { RandomErasing = 1 }, seed: 6);

        using var output = augmenter.Augment(images, 0, 0);

        for (var i = 0; i < 24; i++)
        {
            using var zero = output[i].eq(0).all(0);
            var area = zero.sum().item<long>();
            var rows = zero.any(1).sum().item<long>();
            var columns = zero.any(0).sum().item<long>();
            Assert.Equal(rows * columns, area);
            Assert.InRange(area / 1600.0, 0.015, 0.34);
            using var kept = output[i].ne(0);
            Assert.True(output[i].masked_select(kept).allclose(images[i].masked_select(kept), rtol: 0, atol: 0));
        }
    }

    [Fact]
    public void ErasingProbabilityDecidesHowManyImagesAreErased()
    {
        using var images = AugmentationImages.Random(200, 16, 16, 0.1, 1);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { RandomErasing = 0.25 }, seed: 2);

        using var output = augmenter.Augment(images, 0, 0);

        using var erased = output.eq(0).flatten(1).any(1).sum();

        // Binomial(200, 0.25): mean 50, standard deviation 6.1.
        Assert.InRange(erased.item<long>(), 30, 70);
    }

    [Fact]
    public void ErasingAnExplicitBoxIsExact()
    {
        using var images = AugmentationImages.Random(2, 6, 6, 0.1, 1);

        using var output = RandomErasing.Apply(images, [new CropBox(1, 2, 3, 2), null]);

        Assert.Equal(0f, output[0, .., 1..4, 2..4].abs().sum().item<float>());
        Assert.Equal(3 * 6, output[0].eq(0).sum().item<long>());
        Assert.True(output[1].allclose(images[1], rtol: 0, atol: 0));
    }
}
