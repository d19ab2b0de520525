using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

/// <summary>Histories shaped like the Keras tutorial's two-phase run.</summary>
internal static class SampleHistories
{
    /// <summary>A feature-extraction phase followed by a fine-tuning phase, epochs numbered globally.</summary>
    public static TrainingHistory TwoPhases(int firstPhaseEpochs = 10, int secondPhaseEpochs = 10)
    {
        var history = new TrainingHistory();
        var total = firstPhaseEpochs + secondPhaseEpochs;
        for (var epoch = 1; epoch <= total; epoch++)
        {
            var fineTuning = epoch > firstPhaseEpochs;
            var trainLoss = (0.6 * Math.Exp(-epoch / 5.0)) + 0.1 + (0.02 * Math.Sin(epoch));
            var validationLoss = (0.5 * Math.Exp(-epoch / 6.0)) + 0.15 + (0.02 * Math.Cos(epoch));
            history.Add(new EpochMetrics(
                fineTuning ? "fine_tuning" : "feature_extraction",
                fineTuning ? 1 : 0,
                epoch,
                trainLoss,
                1 - (0.8 * trainLoss),
                validationLoss,
                1 - (0.75 * validationLoss),
                fineTuning ? 1e-5 : 1e-4,
                10 + epoch,
                fineTuning ? 20 + epoch : 40 + epoch));
        }

        return history;
    }

    /// <summary>Three epochs with round numbers, for exact text assertions.</summary>
    public static TrainingHistory Small() => new(
    [
        new EpochMetrics("feature_extraction", 0, 1, 0.69314, 0.5, 0.6, 0.625, 1e-4, 12.34, 41.06),
        new EpochMetrics("feature_extraction", 0, 2, 0.51234, 0.75, 0.45, 0.8125, 1e-4, 10, 40),
        new EpochMetrics("fine_tuning", 1, 3, 0.25, 0.875, 0.3, 0.9, 1e-5, 20.5, 12.5),
    ]);
}
