namespace TLDeclarative.Data;

/// <summary>
/// Holds out a fraction of each class for validation: stratified (every class split by the same fraction),
/// seeded, and independent of the input order.
/// </summary>
/// <remarks>
/// Per class with n images: round(fraction * n) images (half away from zero) go to validation, but at
/// least 1 and at most n - 1 when n &gt;= 2, so every class appears on both sides; a class with one
/// image keeps it for training. Which images: the class's paths sorted ordinally, shuffled with a
/// Random seeded by (seed, class index), the first ones taken.
/// </remarks>
public static class StratifiedSplit
{
    private const int SplitSalt = 7_001;

    /// <summary>Images per class that go to validation, by the rule above.</summary>
    public static int ValidationCount(int classCount, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        CheckFraction(fraction);
        if (classCount < 2)
        {
            return 0;
        }

        var count = (int)Math.Round(fraction * classCount, MidpointRounding.AwayFromZero);
        return Math.Clamp(count, 1, classCount - 1);
    }

    /// <summary>Splits <paramref name="samples"/>; both parts come back ordered by label, then path.</summary>
    /// <param name="fraction">In (0, 1).</param>
    public static (IReadOnlyList<ImageSample> Train, IReadOnlyList<ImageSample> Validation) Split(
        IReadOnlyList<ImageSample> samples, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        CheckFraction(fraction);
        var train = new List<ImageSample>();
        var validation = new List<ImageSample>();
        foreach (var group in samples.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            var paths = group.Select(s => s.Path).Order(StringComparer.Ordinal).ToArray();
            var random = new Random(Seeds.Derive(seed, SplitSalt, group.Key));
            for (var i = paths.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (paths[i], paths[j]) = (paths[j], paths[i]);
            }

            var held = ValidationCount(paths.Length, fraction);
            validation.AddRange(paths.Take(held).Order(StringComparer.Ordinal).Select(p => new ImageSample(p, group.Key)));
            train.AddRange(paths.Skip(held).Order(StringComparer.Ordinal).Select(p => new ImageSample(p, group.Key)));
        }

        return (train, validation);
    }

    private static void CheckFraction(double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation split must be a fraction in (0, 1).");
        }
    }
}
