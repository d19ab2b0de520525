using System.Globalization;

namespace TLDeclarative.Caching;

/// <summary>What a phase's feature cache holds.</summary>
public enum FeatureCacheKind
{
    /// <summary>No cache: every step runs the whole backbone.</summary>
    None,

    /// <summary>No augmentation: the frozen prefix's output once per image; results equal the uncached run up to float noise.</summary>
    Exact,

    /// <summary>A fixed number of augmented views per image, cycled over the epochs: an approximation the spec opted into.</summary>
    Views,
}

/// <summary>A phase's feature-cache decision, with the reason a person reads in the run's output and report.</summary>
/// <param name="FrozenStages">P: the leading backbone stages whose output is cached (0 when none).</param>
/// <param name="Views">Augmented views per training image (1 for <see cref="FeatureCacheKind.Exact"/>, 0 for none).</param>
/// <param name="Floats">Floats the cache holds (train views + validation); 0 when none or not yet sized.</param>
public sealed record FeatureCacheDecision(FeatureCacheKind Kind, int FrozenStages, int Views, string Reason, long Floats = 0)
{
    /// <summary>Bytes the cache holds (float32).</summary>
    public long Bytes => Floats * sizeof(float);

    public bool IsCached => Kind != FeatureCacheKind.None;

    public static FeatureCacheDecision NoCache(int frozenStages, string reason) => new(FeatureCacheKind.None, frozenStages, 0, reason);

    /// <summary>One line for the run's output, e.g. "feature cache: exact, stages stem..layer4 (512 floats x 2000 images, 3.9 MiB): ...".</summary>
    public override string ToString() => IsCached
        ? $"feature cache: {Kind.ToString().ToLowerInvariant()} ({FormatSize(Floats)}): {Reason}"
        : $"feature cache: none: {Reason}";

    /// <summary>"1,234,567 floats x 4 B = 4.7 MiB".</summary>
    public static string FormatSize(long floats) =>
        string.Create(CultureInfo.InvariantCulture, $"{floats:N0} floats x 4 B = {FormatBytes(floats * sizeof(float))}");

    /// <summary>"4.7 MiB".</summary>
    public static string FormatBytes(long bytes)
    {
        var value = (double)bytes;
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
