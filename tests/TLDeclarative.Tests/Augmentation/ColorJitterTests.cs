using TLDeclarative.Augmentation;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Augmentation;

public sealed class ColorJitterTests
{
    [Fact]
    public void BrightnessScalesEveryPixelAndClamps()
    {
        using var images = AugmentationImages.Random(2, 4, 5);

        using var output = ColorJitter.AdjustBrightness(images, [0.5, 1.8]);

        Assert.True(output[0].allclose(images[0] * 0.5, rtol: 0, atol: 1e-6));
        Assert.True(output[1].allclose((images[1] * 1.8).clamp(0, 1), rtol: 0, atol: 1e-6));
        Assert.Equal(1f, output[1].max().item<float>());
    }

    [Fact]
    public void ContrastBlendsWithTheMeanGreyLevel()
    {
        using var images = AugmentationImages.Random(1, 4, 5, 0.2, 0.8);
        using var grey = ColorJitter.Greyscale(images);
        var mean = grey.mean().item<float>();

        using var flat = ColorJitter.AdjustContrast(images, [0]);
        using var same = ColorJitter.AdjustContrast(images, [1]);
        using var half = ColorJitter.AdjustContrast(images, [0.5]);

        Assert.True(flat.allclose(full_like(images, mean), rtol: 0, atol: 1e-6));
        Assert.True(same.allclose(images, rtol: 0, atol: 1e-6));
        Assert.True(half.allclose((images * 0.5) + (0.5 * mean), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void SaturationZeroGivesTheGreyscaleImage()
    {
        using var images = AugmentationImages.Random(1, 3, 3);
        using var grey = ColorJitter.Greyscale(images);

        using var output = ColorJitter.AdjustSaturation(images, [0]);

        for (var c = 0; c < 3; c++)
        {
            Assert.True(output[.., c].allclose(grey[.., 0], rtol: 0, atol: 1e-6));
        }

        using var redGrey = ColorJitter.Greyscale(AugmentationImages.Solid(1, 0, 0));
        Assert.Equal(0.2989f, redGrey[0, 0, 0, 0].item<float>(), 6);
    }

    [Theory]
    [InlineData(1, 0, 0, 0, 1, 1)] // red
    [InlineData(0, 1, 0, 1.0 / 3, 1, 1)] // green
    [InlineData(0, 0, 0.5, 2.0 / 3, 1, 0.5)] // dark blue
    [InlineData(0.5, 0.5, 0.5, 0, 0, 0.5)] // grey: no hue, no saturation
    [InlineData(1, 1, 0, 1.0 / 6, 1, 1)] // yellow
    [InlineData(0, 0, 0, 0, 0, 0)] // black
    public void HsvOfKnownColours(float r, float g, float b, double h, double s, double v)
    {
        using var hsv = ColorJitter.RgbToHsv(AugmentationImages.Solid(r, g, b));

        Assert.Equal(h, hsv[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal(s, hsv[0, 1, 0, 0].item<float>(), 5);
        Assert.Equal(v, hsv[0, 2, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void HueShiftsRotateTheColourWheel()
    {
        using var red = AugmentationImages.Solid(1, 0, 0);

        using var green = ColorJitter.AdjustHue(red, [1.0 / 3]);
        using var cyan = ColorJitter.AdjustHue(red, [0.5]);
        using var magenta = ColorJitter.AdjustHue(red, [-1.0 / 6]);

        Assert.True(green.allclose(AugmentationImages.Solid(0, 1, 0), rtol: 0, atol: 1e-5));
        Assert.True(cyan.allclose(AugmentationImages.Solid(0, 1, 1), rtol: 0, atol: 1e-5));
        Assert.True(magenta.allclose(AugmentationImages.Solid(1, 0, 1), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void ZeroHueShiftRoundTripsThroughHsv()
    {
        using var images = AugmentationImages.Random(3, 6, 7);

        using var output = ColorJitter.AdjustHue(images, [0, 0, 0]);

        Assert.True(output.allclose(images, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void AugmenterBrightnessScalesEachImageMeanWithinTheRange()
    {
        using var images = AugmentationImages.Random(32, 6, 6, 0.1, 0.6);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { Brightness = 0.4 }, seed: 5);

        using var output = augmenter.Augment(images, 0, 0);

        var ratios = Enumerable.Range(0, 32).Select(i => output[i].mean().item<float>() / images[i].mean().item<float>()).ToArray();
        Assert.All(ratios, r => Assert.InRange(r, 0.6 - 1e-5, 1.4 + 1e-5));
        Assert.Contains(ratios, r => r < 0.9);
        Assert.Contains(ratios, r => r > 1.1);

        // No clamping happens below 0.6 * 1.4, so each image is exactly its factor times the input.
        for (var i = 0; i < 32; i++)
        {
            Assert.True(output[i].allclose(images[i] * ratios[i], rtol: 1e-4, atol: 1e-6), $"image {i}");
        }
    }
}
