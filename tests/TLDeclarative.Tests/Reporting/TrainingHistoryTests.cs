using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class TrainingHistoryTests
{
    [Fact]
    public void PhasesSummariseConsecutiveEpochsWithGlobalNumbers()
    {
        var history = new TrainingHistory(
        [
            Epoch("feature_extraction", 0, 1, validationAccuracy: 0.6, imagesPerSecond: 40),
            Epoch("feature_extraction", 0, 2, validationAccuracy: 0.7, imagesPerSecond: 50),
            Epoch("fine_tuning", 1, 3, validationAccuracy: 0.9, imagesPerSecond: 10),
            Epoch("fine_tuning", 1, 4, validationAccuracy: 0.8, imagesPerSecond: 20),
        ]);

        Assert.Equal(
            [
                new PhaseSummary("feature_extraction", 0, 1, 2, 0.7, 45, 2),
                new PhaseSummary("fine_tuning", 1, 3, 4, 0.9, 15, 2),
            ],
            history.Phases);
        Assert.Equal(0.8, history.FinalValidationAccuracy);
    }

    [Fact]
    public void BestValidationAccuracyIsNullWithoutAValidationSet()
    {
        var history = new TrainingHistory([Epoch("only", 0, 1, validationAccuracy: null, imagesPerSecond: 1)]);

        Assert.Null(Assert.Single(history.Phases).BestValidationAccuracy);
        Assert.Null(history.FinalValidationAccuracy);
    }

    [Fact]
    public void AddRejectsEpochsThatDoNotIncrease()
    {
        var history = new TrainingHistory([Epoch("a", 0, 5, 0.5, 1)]);

        Assert.Throws<ArgumentException>(() => history.Add(Epoch("a", 0, 5, 0.5, 1)));
        Assert.Throws<ArgumentException>(() => history.Add(Epoch("a", 0, 4, 0.5, 1)));
        Assert.Single(history.Epochs);
    }

    [Fact]
    public void AddRejectsAPhaseGoingBackwards()
    {
        var history = new TrainingHistory([Epoch("b", 1, 1, 0.5, 1)]);

        Assert.Throws<ArgumentException>(() => history.Add(Epoch("a", 0, 2, 0.5, 1)));
    }

    [Fact]
    public void AnEmptyHistoryHasNoPhases()
    {
        var history = new TrainingHistory();

        Assert.Empty(history.Phases);
        Assert.Null(history.Last);
    }

    private static EpochMetrics Epoch(string phase, int index, int epoch, double? validationAccuracy, double imagesPerSecond) =>
        new(phase, index, epoch, 0.5, 0.5, validationAccuracy is null ? null : 0.4, validationAccuracy, 1e-4, 1, imagesPerSecond);
}
