using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

public sealed class StratifiedSplitTests
{
    // 10 of class 0, 7 of class 1, 1 of class 2, 3 of class 3.
    private static readonly ImageSample[] Samples =
    [
        .. Enumerable.Range(0, 10).Select(i => new ImageSample($"/d/a/{i:D2}.png", 0)),
        .. Enumerable.Range(0, 7).Select(i => new ImageSample($"/d/b/{i:D2}.png", 1)),
        new ImageSample("/d/c/only.png", 2),
        .. Enumerable.Range(0, 3).Select(i => new ImageSample($"/d/d/{i:D2}.png", 3)),
    ];

    [Theory]
    [InlineData(10, 0.2, 2)]
    [InlineData(7, 0.2, 1)] // 1.4 rounds to 1
    [InlineData(5, 0.5, 3)] // 2.5 rounds half away from zero
    [InlineData(3, 0.1, 1)] // at least one validation image
    [InlineData(3, 0.9, 2)] // at least one training image
    [InlineData(2, 0.5, 1)]
    [InlineData(1, 0.5, 0)] // a single image stays in training
    [InlineData(0, 0.5, 0)]
    public void ValidationCountRoundsAndKeepsBothSidesNonEmpty(int count, double fraction, int expected) =>
        Assert.Equal(expected, StratifiedSplit.ValidationCount(count, fraction));

    [Fact]
    public void EveryClassIsSplitByTheSameFractionAndThePartsAreDisjoint()
    {
        var (train, validation) = StratifiedSplit.Split(Samples, 0.2, seed: 5);

        Assert.Equal([8, 6, 1, 2], CountPerClass(train));
        Assert.Equal([2, 1, 0, 1], CountPerClass(validation));
        Assert.Empty(train.Select(s => s.Path).Intersect(validation.Select(s => s.Path)));
        Assert.Equal(Samples.Select(s => s.Path).Order(), train.Concat(validation).Select(s => s.Path).Order());
        Assert.All(train.Concat(validation), s => Assert.Equal(Samples.Single(x => x.Path == s.Path).Label, s.Label));
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitWhateverTheInputOrder()
    {
        var split = StratifiedSplit.Split(Samples, 0.3, seed: 11);
        var reversed = StratifiedSplit.Split(Samples.Reverse().ToArray(), 0.3, seed: 11);
        var shuffled = StratifiedSplit.Split(Samples.OrderBy(s => s.Path.GetHashCode(StringComparison.Ordinal)).ToArray(), 0.3, seed: 11);

        Assert.Equal(split.Validation, reversed.Validation);
        Assert.Equal(split.Train, reversed.Train);
        Assert.Equal(split.Validation, shuffled.Validation);
    }

    [Fact]
    public void AnotherSeedPicksOtherImages()
    {
        var validations = Enumerable.Range(0, 6)
            .Select(seed => string.Join("|", StratifiedSplit.Split(Samples, 0.3, seed).Validation.Select(s => s.Path)))
            .Distinct()
            .Count();

        Assert.True(validations > 1, "six seeds gave the same validation set");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void FractionOutsideTheOpenUnitIntervalIsRefused(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Split(Samples, fraction, 1));

        Assert.Contains("fraction in (0, 1)", error.Message, StringComparison.Ordinal);
    }

    private static int[] CountPerClass(IReadOnlyList<ImageSample> samples) =>
        Enumerable.Range(0, 4).Select(c => samples.Count(s => s.Label == c)).ToArray();
}
