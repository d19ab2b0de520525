using System.Globalization;
using TLDeclarative.Augmentation;
using TLDeclarative.Backbones;
using TLDeclarative.Freezing;

namespace TLDeclarative.Caching;

/// <summary>
/// Decides per phase whether the output of the frozen leading backbone stages is computed once and reused.
/// The rule (the build-time training plan prints the same one):
/// P = the leading stages the phase freezes, counted only when its BatchNorm policy is frozen.
/// Mode off or P empty: no cache. No augmentation: cache P's output once per image (exact). Mixup or
/// CutMix: no cache. Views above 1: cache that many augmented views per image, epoch e uses view
/// (e - 1) mod Views (an approximation). Otherwise: no cache.
/// </summary>
public static class FeatureCachePlanner
{
    /// <summary>P: the number of leading stages that are frozen, or 0 when BatchNorm trains in this phase.</summary>
    public static int FrozenPrefix(IReadOnlyList<bool> frozenStages, BatchNormPolicy batchNorm)
    {
        ArgumentNullException.ThrowIfNull(frozenStages);
        if (batchNorm != BatchNormPolicy.Frozen)
            return 0;
        var count = 0;
        while (count < frozenStages.Count && frozenStages[count])
            count++;
        return count;
    }

    /// <summary>True when nothing changes the images: <see cref="AugmentationSettings.IsIdentity"/> (the one definition), or no settings.</summary>
    public static bool IsIdentity(AugmentationSettings? augmentation) => augmentation is null || augmentation.IsIdentity;

    /// <summary>The rule alone, from the stage names and which of them the phase freezes.</summary>
    public static FeatureCacheDecision Decide(
        FeatureCacheSettings settings,
        IReadOnlyList<string> stageNames,
        IReadOnlyList<bool> frozenStages,
        BatchNormPolicy batchNorm,
        AugmentationSettings? augmentation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stageNames);
        if (settings.Mode == FeatureCacheMode.Off)
            return FeatureCacheDecision.NoCache(0, "the feature cache is off (feature_cache: off)");
        var prefix = FrozenPrefix(frozenStages, batchNorm);
        if (prefix == 0)
        {
            return FeatureCacheDecision.NoCache(0, batchNorm == BatchNormPolicy.Frozen
                ? "no leading backbone stage is frozen"
                : "BatchNorm of the frozen stages trains in this phase (batch_norm: trainable), so no stage's output stays fixed");
        }

        var stages = StageRange(stageNames, prefix);
        if (IsIdentity(augmentation))
            return new FeatureCacheDecision(FeatureCacheKind.Exact, prefix, 1, $"{stages} frozen and no augmentation: their output is computed once per image (exact)");
        if (augmentation!.MixesBatches)
            return FeatureCacheDecision.NoCache(prefix, "Mixup/CutMix mixes images before the backbone, so no fixed view can be cached");
        if (settings.Views > 1)
        {
            return new FeatureCacheDecision(
                FeatureCacheKind.Views,
                prefix,
                settings.Views,
                $"{stages} frozen, augmentation on, views: {settings.Views}: {settings.Views} augmented views per image, epoch e uses view (e-1) mod {settings.Views} (an approximation of fresh augmentation)");
        }

        return FeatureCacheDecision.NoCache(prefix, "augmentation is on and views is 1: every epoch needs freshly augmented images (views above 1 caches augmented views, an approximation)");
    }

    /// <summary>
    /// The rule, then what the backbone and memory allow: the stages after P must be able to run from P
    /// (<see cref="Backbone.CanForwardFrom"/>), and the cache (train views + validation, float32) must fit
    /// <see cref="FeatureCacheSettings.MemoryLimitBytes"/>; otherwise no cache, with the reason.
    /// </summary>
    public static FeatureCacheDecision Plan(
        FeatureCacheSettings settings,
        Backbone backbone,
        FreezePolicy freeze,
        BatchNormPolicy batchNorm,
        AugmentationSettings? augmentation,
        int height,
        int width,
        int trainImages,
        int validationImages)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(freeze);
        var names = backbone.Stages.Select(s => s.Name).ToList();
        var decision = Decide(settings, names, freeze.FrozenStages(backbone), batchNorm, augmentation);
        if (!decision.IsCached)
            return decision;
        var prefix = decision.FrozenStages;
        if (!backbone.CanForwardFrom(prefix))
            return FeatureCacheDecision.NoCache(prefix, $"{StageRange(names, prefix)} frozen, but {backbone.GetType().Name} cannot run from stage {names[prefix]} on, so the stages that train need the images");

        long[] shape;
        try
        {
            shape = backbone.StageOutputShapes(height, width)[prefix - 1];
        }
        catch (NotSupportedException e)
        {
            return FeatureCacheDecision.NoCache(prefix, $"the cache cannot be sized: {e.Message}");
        }

        var perImage = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var floats = perImage * (((long)trainImages * decision.Views) + validationImages);
        var sized = decision with { Floats = floats };
        if (sized.Bytes > settings.MemoryLimitBytes)
        {
            return FeatureCacheDecision.NoCache(
                prefix,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the cache would hold {FeatureCacheDecision.FormatSize(floats)} ({perImage:N0} per image x ({trainImages} train x {decision.Views} views + {validationImages} validation)), " +
                    $"above the limit of {FeatureCacheDecision.FormatBytes(settings.MemoryLimitBytes)} (FeatureCacheSettings.MemoryLimitBytes); training without it")) with { Floats = floats };
        }

        return sized;
    }

    private static string StageRange(IReadOnlyList<string> names, int prefix) =>
        prefix == 1 ? $"stage {names[0]} is" : $"stages {names[0]}..{names[prefix - 1]} are";
}
