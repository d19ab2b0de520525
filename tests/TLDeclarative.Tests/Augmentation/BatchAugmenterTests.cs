using TLDeclarative.Augmentation;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Augmentation;

public sealed class BatchAugmenterTests
{
    private static readonly AugmentationSettings Everything = new(30, 0.2, 0.2, 20, 0.2, true, FillMode.Nearest);

    [Fact]
    public void IdentitySettingsReturnTheInputItself()
    {
        using var images = RandomImages(2, 5, 6);
        var augmenter = new BatchAugmenter(AugmentationSettings.None, seed: 1);

        Assert.True(AugmentationSettings.None.IsIdentity);
        Assert.Same(images, augmenter.Augment(images, epoch: 0, batchIndex: 0));
    }

    [Fact]
    public void FlipOnlyGivesEachImageOrItsExactMirror()
    {
        using var images = RandomImages(16, 5, 7);
        var augmenter = new BatchAugmenter(AugmentationSettings.None with { HorizontalFlip = true }, seed: 3);

        using var output = augmenter.Augment(images, 0, 0);

        var flipped = 0;
        for (var i = 0; i < 16; i++)
        {
            var same = output[i].allclose(images[i], rtol: 0, atol: 1e-5);
            var mirrored = output[i].allclose(images[i].flip(2), rtol: 0, atol: 1e-5);
            Assert.True(same ^ mirrored, $"image {i} is neither itself nor its mirror");
            flipped += mirrored ? 1 : 0;
        }

        Assert.InRange(flipped, 1, 15);
    }

    [Fact]
    public void ShiftWithNearestFillMovesThePatternByWholePixels()
    {
        using var images = RandomImages(1, 6, 8);
        var shift = new AffineParameters(0, ShiftX: 2.0 / 8, ShiftY: -1.0 / 6, 0, 1, 1, false);

        using var output = BatchAugmenter.Apply(images, [shift], FillMode.Nearest);

        // Content moves 2 pixels left and 1 down; the uncovered border repeats the edge pixel.
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                using var expected = images[0, .., Math.Max(y - 1, 0), Math.Min(x + 2, 7)];
                Assert.True(output[0, .., y, x].allclose(expected, rtol: 0, atol: 1e-5), $"pixel ({x}, {y})");
            }
        }
    }

    [Fact]
    public void ConstantFillIsBlackAndReflectMirrorsAtTheEdge()
    {
        using var images = RandomImages(1, 4, 6);
        var shift = new AffineParameters(0, ShiftX: 2.0 / 6, 0, 0, 1, 1, false);

        using var constant = BatchAugmenter.Apply(images, [shift], FillMode.Constant);
        using var reflect = BatchAugmenter.Apply(images, [shift], FillMode.Reflect);

        Assert.Equal(0f, constant[0, .., .., 4..].abs().max().item<float>());
        Assert.True(reflect[0, .., .., 4].allclose(images[0, .., .., 5], rtol: 0, atol: 1e-5));
        Assert.True(reflect[0, .., .., 5].allclose(images[0, .., .., 4], rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void QuarterTurnOfASquareImageIsARot90()
    {
        using var images = RandomImages(1, 5, 5);

        using var output = BatchAugmenter.Apply(images, [AffineParameters.Identity with { RotationDegrees = 90 }], FillMode.Constant);

        var turned = output.allclose(images.rot90(1, (2, 3)), rtol: 0, atol: 1e-5)
            || output.allclose(images.rot90(-1, (2, 3)), rtol: 0, atol: 1e-5);
        Assert.True(turned);
    }

    [Fact]
    public void TheSameSeedRepeatsAndAnotherSeedOrBatchDiffers()
    {
        using var images = RandomImages(4, 12, 12);

        using var first = new BatchAugmenter(Everything, seed: 9).Augment(images, 2, 5);
        using var again = new BatchAugmenter(Everything, seed: 9).Augment(images, 2, 5);
        using var otherSeed = new BatchAugmenter(Everything, seed: 10).Augment(images, 2, 5);
        using var otherBatch = new BatchAugmenter(Everything, seed: 9).Augment(images, 2, 6);

        Assert.True(first.allclose(again, rtol: 0, atol: 0));
        Assert.False(first.allclose(otherSeed));
        Assert.False(first.allclose(otherBatch));
    }

    [Theory]
    [InlineData(FillMode.Nearest)]
    [InlineData(FillMode.Constant)]
    [InlineData(FillMode.Reflect)]
    public void OutputKeepsShapeDtypeDeviceAndUnitRange(FillMode fill)
    {
        using var images = RandomImages(8, 10, 14);
        var augmenter = new BatchAugmenter(Everything with { FillMode = fill }, seed: 4);

        using var output = augmenter.Augment(images, 0, 0);

        Assert.Equal(images.shape, output.shape);
        Assert.Equal(ScalarType.Float32, output.dtype);
        Assert.Equal((images.device_type, images.device_index), (output.device_type, output.device_index));
        Assert.InRange(output.min().item<float>(), 0f, 1f);
        Assert.InRange(output.max().item<float>(), 0f, 1f);
        Assert.False(output.allclose(images));
    }

    [Fact]
    public void DoubleImagesStayDouble()
    {
        using var images = RandomImages(2, 6, 6).to_type(ScalarType.Float64);

        using var output = new BatchAugmenter(Everything, seed: 1).Augment(images, 0, 0);

        Assert.Equal(ScalarType.Float64, output.dtype);
    }

    [Fact]
    public void SampledParametersStayInTheirRanges()
    {
        var parameters = new BatchAugmenter(Everything, seed: 2).SampleParameters(0, 0, 200);

        Assert.All(parameters, p =>
        {
            Assert.InRange(p.RotationDegrees, -30, 30);
            Assert.InRange(p.ShiftX, -0.2, 0.2);
            Assert.InRange(p.ShiftY, -0.2, 0.2);
            Assert.InRange(p.ShearDegrees, -20, 20);
            Assert.InRange(p.ZoomX, 0.8, 1.2);
            Assert.InRange(p.ZoomY, 0.8, 1.2);
        });
        Assert.Contains(parameters, p => p.Flip);
        Assert.Contains(parameters, p => p.ZoomX > 1.1 && p.ZoomY < 0.9);
    }

    [Fact]
    public void ZoomBelowOneFlipsNoImageWhenFlipIsOff()
    {
        var parameters = new BatchAugmenter(AugmentationSettings.None with { Zoom = 0.3 }, seed: 2).SampleParameters(0, 0, 50);

        Assert.DoesNotContain(parameters, p => p.Flip);
    }

    private static Tensor RandomImages(int count, int height, int width)
    {
        var random = new Random(count * 1000 + height * 10 + width);
        var values = new float[count * 3 * height * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return tensor(values, [count, 3, height, width]);
    }
}
