using TLDeclarative.Augmentation;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Tests.Augmentation;

public sealed class AugmentationSettingsTests
{
    [Fact]
    public void AnyEnabledTransformMakesItNonIdentity()
    {
        var none = AugmentationSettings.None;

        Assert.True(none.IsIdentity);
        Assert.True((none with { FillMode = FillMode.Reflect }).IsIdentity);
        Assert.False((none with { Rotation = 1 }).IsIdentity);
        Assert.False((none with { WidthShift = 0.1 }).IsIdentity);
        Assert.False((none with { HeightShift = 0.1 }).IsIdentity);
        Assert.False((none with { Shear = 0.2 }).IsIdentity);
        Assert.False((none with { Zoom = 0.2 }).IsIdentity);
        Assert.False((none with { HorizontalFlip = true }).IsIdentity);
    }

    [Fact]
    public void FromSpecCopiesEveryField()
    {
        var spec = new AugmentationSpec(20, 0.1, 0.2, 5, 0.3, true, FillModeKind.Reflect);

        Assert.Equal(new AugmentationSettings(20, 0.1, 0.2, 5, 0.3, true, FillMode.Reflect), AugmentationSettings.FromSpec(spec));
    }

    [Fact]
    public void FromSpecCopiesTheColourCropErasingAndMixingSettingsToo()
    {
        var spec = new AugmentationSpec(0, 0, 0, 0, 0, false, FillModeKind.Nearest)
        {
            VerticalFlip = true,
            Brightness = 0.1,
            Contrast = 0.2,
            Saturation = 0.3,
            Hue = 0.05,
            RandomResizedCrop = new RandomResizedCropSpec(0.5, 1.0, 0.75, 1.25),
            RandomErasing = 0.25,
            Mixup = 0.2,
            CutMix = 1,
        };

        var settings = AugmentationSettings.FromSpec(spec);

        Assert.Equal(
            AugmentationSettings.None with
            {
                VerticalFlip = true,
                Brightness = 0.1,
                Contrast = 0.2,
                Saturation = 0.3,
                Hue = 0.05,
                RandomResizedCrop = new RandomResizedCropSettings(0.5, 1.0, 0.75, 1.25),
                RandomErasing = 0.25,
                Mixup = 0.2,
                CutMix = 1,
            },
            settings);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0, "Rotation")]
    [InlineData(0, 1.5, 0, 0, 0, "WidthShift")]
    [InlineData(0, 0, double.NaN, 0, 0, "HeightShift")]
    [InlineData(0, 0, 0, 90, 0, "Shear")]
    [InlineData(0, 0, 0, 0, 1, "Zoom")]
    public void OutOfRangeSettingsAreRejectedByName(double rotation, double widthShift, double heightShift, double shear, double zoom, string name)
    {
        var settings = new AugmentationSettings(rotation, widthShift, heightShift, shear, zoom, false, FillMode.Nearest);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchAugmenter(settings, 0));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void EveryNewTransformMakesItNonIdentity()
    {
        var none = AugmentationSettings.None;

        AugmentationSettings[] enabled =
        [
            none with { VerticalFlip = true },
            none with { Brightness = 0.1 },
            none with { Contrast = 0.1 },
            none with { Saturation = 0.1 },
            none with { Hue = 0.1 },
            none with { RandomResizedCrop = new RandomResizedCropSettings() },
            none with { RandomErasing = 0.5 },
        ];
        Assert.All(enabled, s => Assert.True(s.HasImageTransforms && !s.IsIdentity && !s.MixesBatches));
        Assert.True((none with { Mixup = 0.2 }).MixesBatches);
        Assert.False((none with { CutMix = 1 }).IsIdentity);
        Assert.False((none with { CutMix = 1 }).HasImageTransforms);
    }

    [Fact]
    public void OutOfRangeNewSettingsAreRejectedByName()
    {
        var none = AugmentationSettings.None;

        (AugmentationSettings Settings, string Name)[] cases =
        [
            (none with { Brightness = -0.1 }, "Brightness"),
            (none with { Contrast = double.PositiveInfinity }, "Contrast"),
            (none with { Saturation = double.NaN }, "Saturation"),
            (none with { Hue = 0.6 }, "Hue"),
            (none with { RandomErasing = 1.5 }, "RandomErasing"),
            (none with { Mixup = -1 }, "Mixup"),
            (none with { CutMix = double.NaN }, "CutMix"),
            (none with { RandomResizedCrop = new RandomResizedCropSettings(0.5, 0.4) }, "RandomResizedCrop"),
            (none with { RandomResizedCrop = new RandomResizedCropSettings(MinRatio: 0) }, "RandomResizedCrop"),
        ];
        foreach (var (settings, name) in cases)
        {
            Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => new BatchAugmenter(settings, 0)).ParamName);
        }
    }

    [Fact]
    public void AllOperationsTogetherAreDeterministicPerSeedAndBatch()
    {
        var settings = new AugmentationSettings(10, 0.1, 0.1, 5, 0.1, true, FillMode.Reflect)
        {
            VerticalFlip = true,
            Brightness = 0.3,
            Contrast = 0.3,
            Saturation = 0.3,
            Hue = 0.1,
            RandomResizedCrop = new RandomResizedCropSettings(0.5),
            RandomErasing = 0.5,
        };
        using var images = AugmentationImages.Random(6, 10, 12);

        using var first = new BatchAugmenter(settings, 4).Augment(images, 1, 2);
        using var again = new BatchAugmenter(settings, 4).Augment(images, 1, 2);
        using var otherEpoch = new BatchAugmenter(settings, 4).Augment(images, 2, 2);

        Assert.True(first.allclose(again, rtol: 0, atol: 0));
        Assert.False(first.allclose(otherEpoch));
        Assert.Equal(images.shape, first.shape);
        Assert.InRange(first.min().item<float>(), 0f, 1f);
        Assert.InRange(first.max().item<float>(), 0f, 1f);
    }
}
