using TLDeclarative.Augmentation;
using TLDeclarative.Caching;
using TLDeclarative.Freezing;
using TLDeclarative.Tests.Support;

namespace TLDeclarative.Tests.Caching;

/// <summary>Every branch of the feature-cache rule, then the backbone and memory checks on top of it.</summary>
public sealed class FeatureCachePlannerTests
{
    private static readonly string[] Names = ["stem", "layer1", "layer2", "layer3", "layer4"];
    private static readonly bool[] AllFrozen = [true, true, true, true, true];
    private static readonly bool[] UntilLayer4 = [true, true, true, true, false];
    private static readonly AugmentationSettings Flip = AugmentationSettings.None with { HorizontalFlip = true };

    [Fact]
    public void Mode_off_never_caches()
    {
        var decision = FeatureCachePlanner.Decide(FeatureCacheSettings.Off, Names, AllFrozen, BatchNormPolicy.Frozen, null);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Equal("feature cache: none: the feature cache is off (feature_cache: off)", decision.ToString());
    }

    [Fact]
    public void No_frozen_leading_stage_means_no_cache()
    {
        var decision = FeatureCachePlanner.Decide(FeatureCacheSettings.Auto, Names, [false, true, true, true, true], BatchNormPolicy.Frozen, null);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Equal(0, decision.FrozenStages);
        Assert.Equal("no leading backbone stage is frozen", decision.Reason);
    }

    [Fact]
    public void Frozen_stages_count_only_when_their_batch_norm_is_frozen()
    {
        var decision = FeatureCachePlanner.Decide(FeatureCacheSettings.Auto, Names, AllFrozen, BatchNormPolicy.Trainable, null);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Contains("batch_norm: trainable", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_leading_run_of_frozen_stages_counts()
    {
        Assert.Equal(2, FeatureCachePlanner.FrozenPrefix([true, true, false, true, true], BatchNormPolicy.Frozen));
        Assert.Equal(5, FeatureCachePlanner.FrozenPrefix(AllFrozen, BatchNormPolicy.Frozen));
        Assert.Equal(0, FeatureCachePlanner.FrozenPrefix(AllFrozen, BatchNormPolicy.Trainable));
    }

    [Fact]
    public void Without_augmentation_the_frozen_prefix_is_cached_exactly()
    {
        var whole = FeatureCachePlanner.Decide(FeatureCacheSettings.Auto, Names, AllFrozen, BatchNormPolicy.Frozen, AugmentationSettings.None);
        var prefix = FeatureCachePlanner.Decide(FeatureCacheSettings.Auto, Names, UntilLayer4, BatchNormPolicy.Frozen, null);

        Assert.Equal((FeatureCacheKind.Exact, 5, 1), (whole.Kind, whole.FrozenStages, whole.Views));
        Assert.Equal("stages stem..layer4 are frozen and no augmentation: their output is computed once per image (exact)", whole.Reason);
        Assert.Equal((FeatureCacheKind.Exact, 4, 1), (prefix.Kind, prefix.FrozenStages, prefix.Views));
        Assert.StartsWith("stages stem..layer3 are frozen", prefix.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.2, 0)]
    [InlineData(0, 1.0)]
    public void Mixup_or_cutmix_means_no_cache_even_with_views(double mixup, double cutMix)
    {
        var augmentation = Flip with { Mixup = mixup, CutMix = cutMix };

        var decision = FeatureCachePlanner.Decide(new FeatureCacheSettings(FeatureCacheMode.Auto, Views: 4), Names, AllFrozen, BatchNormPolicy.Frozen, augmentation);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Equal("Mixup/CutMix mixes images before the backbone, so no fixed view can be cached", decision.Reason);
    }

    [Fact]
    public void Views_above_one_cache_augmented_views()
    {
        var decision = FeatureCachePlanner.Decide(new FeatureCacheSettings(FeatureCacheMode.Auto, Views: 3), Names, AllFrozen, BatchNormPolicy.Frozen, Flip);

        Assert.Equal((FeatureCacheKind.Views, 5, 3), (decision.Kind, decision.FrozenStages, decision.Views));
        Assert.Contains("epoch e uses view (e-1) mod 3", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("approximation", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Augmentation_with_one_view_means_no_cache()
    {
        var decision = FeatureCachePlanner.Decide(FeatureCacheSettings.Auto, Names, AllFrozen, BatchNormPolicy.Frozen, Flip);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.StartsWith("augmentation is on and views is 1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_crop_and_erasing_augmentations_are_not_identity()
    {
        Assert.True(FeatureCachePlanner.IsIdentity(null));
        Assert.True(FeatureCachePlanner.IsIdentity(AugmentationSettings.None));
        Assert.False(FeatureCachePlanner.IsIdentity(AugmentationSettings.None with { VerticalFlip = true }));
        Assert.False(FeatureCachePlanner.IsIdentity(AugmentationSettings.None with { Brightness = 0.1 }));
        Assert.False(FeatureCachePlanner.IsIdentity(AugmentationSettings.None with { Hue = 0.1 }));
        Assert.False(FeatureCachePlanner.IsIdentity(AugmentationSettings.None with { RandomErasing = 0.5 }));
        Assert.False(FeatureCachePlanner.IsIdentity(AugmentationSettings.None with { Mixup = 0.2 }));
    }

    [Fact]
    public void Plan_sizes_the_cache_from_the_stage_output_shape()
    {
        using var backbone = new StagedBackbone();

        // 32x32 input: stem 8x16x16, block1 16x8x8, block2 16x4x4.
        var whole = FeatureCachePlanner.Plan(FeatureCacheSettings.Auto, backbone, FreezePolicy.All, BatchNormPolicy.Frozen, null, 32, 32, trainImages: 10, validationImages: 6);
        var prefix = FeatureCachePlanner.Plan(FeatureCacheSettings.Auto, backbone, FreezePolicy.Until("block1"), BatchNormPolicy.Frozen, null, 32, 32, trainImages: 10, validationImages: 6);

        Assert.Equal((FeatureCacheKind.Exact, 3, 16L * 4 * 4 * 16), (whole.Kind, whole.FrozenStages, whole.Floats));
        Assert.Equal(whole.Floats * 4, whole.Bytes);
        Assert.Equal((FeatureCacheKind.Exact, 1, 8L * 16 * 16 * 16), (prefix.Kind, prefix.FrozenStages, prefix.Floats));
        Assert.StartsWith("feature cache: exact (4,096 floats x 4 B = 16 KiB): ", whole.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_counts_every_view_of_the_training_images()
    {
        using var backbone = new StagedBackbone();

        var decision = FeatureCachePlanner.Plan(new FeatureCacheSettings(FeatureCacheMode.Auto, Views: 3), backbone, FreezePolicy.All, BatchNormPolicy.Frozen, Flip, 32, 32, trainImages: 10, validationImages: 6);

        Assert.Equal(256L * ((10 * 3) + 6), decision.Floats);
    }

    [Fact]
    public void Plan_falls_back_with_the_sizes_when_the_cache_is_above_the_memory_limit()
    {
        using var backbone = new StagedBackbone();
        var settings = FeatureCacheSettings.Auto with { MemoryLimitBytes = 10_000 };

        var decision = FeatureCachePlanner.Plan(settings, backbone, FreezePolicy.All, BatchNormPolicy.Frozen, null, 32, 32, trainImages: 10, validationImages: 6);

        Assert.Equal(FeatureCacheKind.None, decision.Kind);
        Assert.Equal(
            "the cache would hold 4,096 floats x 4 B = 16 KiB (256 per image x (10 train x 1 views + 6 validation)), above the limit of 9.8 KiB (FeatureCacheSettings.MemoryLimitBytes); training without it",
            decision.Reason);
    }

    [Fact]
    public void Plan_falls_back_when_the_backbone_cannot_run_from_the_first_trainable_stage()
    {
        using var backbone = new TinyBackbone();

        var whole = FeatureCachePlanner.Plan(FeatureCacheSettings.Auto, backbone, FreezePolicy.All, BatchNormPolicy.Frozen, null, 32, 32, 10, 6);
        var prefix = FeatureCachePlanner.Plan(FeatureCacheSettings.Auto, backbone, FreezePolicy.Until("block2"), BatchNormPolicy.Frozen, null, 32, 32, 10, 6);

        Assert.Equal(FeatureCacheKind.Exact, whole.Kind);
        Assert.Equal(FeatureCacheKind.None, prefix.Kind);
        Assert.Equal("stages stem..block1 are frozen, but TinyBackbone cannot run from stage block2 on, so the stages that train need the images", prefix.Reason);
    }
}
