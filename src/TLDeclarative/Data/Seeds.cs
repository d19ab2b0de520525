namespace TLDeclarative.Data;

/// <summary>
/// Derives independent seeds from a run seed and coordinates (epoch, batch, image...). A fixed mixing
/// function, not <see cref="HashCode"/>: HashCode is randomised per process, so runs would not reproduce.
/// </summary>
internal static class Seeds
{
    /// <summary>A non-negative seed determined only by <paramref name="seed"/> and <paramref name="parts"/>.</summary>
    public static int Derive(int seed, params ReadOnlySpan<int> parts)
    {
        var state = Mix((ulong)(uint)seed);
        foreach (var part in parts)
        {
            state = Mix(state ^ (uint)part);
        }

        return (int)(state >> 33);
    }

    // SplitMix64 finaliser: neighbouring inputs give unrelated outputs.
    private static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
