namespace TLDeclarative.Caching;

/// <summary>When frozen-backbone features are computed once and reused.</summary>
public enum FeatureCacheMode
{
    /// <summary>Cache whenever it gives the same result as recomputing (the training plan says which phases).</summary>
    Auto,

    /// <summary>Never cache: every epoch runs the whole backbone.</summary>
    Off,
}

/// <param name="Views">With augmentation: how many augmented views of each image are computed and cached; epochs cycle through them.</param>
public sealed record FeatureCacheSettings(FeatureCacheMode Mode, int Views = 1)
{
    public static FeatureCacheSettings Auto { get; } = new(FeatureCacheMode.Auto);

    public static FeatureCacheSettings Off { get; } = new(FeatureCacheMode.Off);
}
