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

    /// <summary>Default <see cref="MemoryLimitBytes"/>: 4 GiB.</summary>
    public const long DefaultMemoryLimitBytes = 4L << 30;

    /// <summary>
    /// Largest cache (train views + validation, float32) a phase may hold; above it the phase trains
    /// without the cache and says why.
    /// </summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes;
}
