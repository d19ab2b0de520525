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
}
