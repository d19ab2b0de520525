using System.Globalization;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class PlainTextProgressTests
{
    [Fact]
    public void WritesExactlyOneSummaryLinePerEpochWithInvariantNumbers()
    {
        var output = new StringWriter();
        var progress = new PlainTextProgress(output, reportBatches: false);
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Train(progress, SampleHistories.Small(), batchesPerEpoch: 50, clock: null);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(
            [
                "Phase feature_extraction: epochs 1-2, 50 batches per epoch",
                "[feature_extraction] epoch 1/2 - loss: 0.6931 - accuracy: 0.5000 - val_loss: 0.6000 - val_accuracy: 0.6250 - lr: 0.0001 - 12.3s - 41.1 img/s",
                "[feature_extraction] epoch 2/2 - loss: 0.5123 - accuracy: 0.7500 - val_loss: 0.4500 - val_accuracy: 0.8125 - lr: 0.0001 - 10.0s - 40.0 img/s",
                "Phase fine_tuning: epochs 3-3, 50 batches per epoch",
                "[fine_tuning] epoch 3/3 - loss: 0.2500 - accuracy: 0.8750 - val_loss: 0.3000 - val_accuracy: 0.9000 - lr: 1E-05 - 20.5s - 12.5 img/s",
            ],
            Lines(output));
    }

    [Fact]
    public void WithoutValidationTheSummaryLeavesValidationOut()
    {
        var output = new StringWriter();
        var progress = new PlainTextProgress(output, reportBatches: false);

        progress.EpochCompleted(new EpochMetrics("head", 0, 7, 0.25, 0.5, null, null, 0.001, 65.04, 9.96));

        Assert.Equal(["[head] epoch 7 - loss: 0.2500 - accuracy: 0.5000 - lr: 0.001 - 65.0s - 10.0 img/s"], Lines(output));
    }

    [Fact]
    public void BatchLinesComeEveryTenthOfAnEpochWithRateAndEta()
    {
        var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new PlainTextProgress(output, reportBatches: true, clock);

        Train(progress, SampleHistories.TwoPhases(2, 0), batchesPerEpoch: 40, clock);

        var lines = Lines(output);
        Assert.Equal(2, lines.Count(l => l.Contains(" - lr: ", StringComparison.Ordinal)));
        Assert.Equal(18, lines.Count(l => l.Contains(" - batch ", StringComparison.Ordinal))); // 10%..90%, twice
        // Batch 4 of 40 after 4 s, 32 images: 8 img/s; 36 batches left at 1 s each.
        Assert.Contains(
            "[feature_extraction] epoch 1/2 - batch 4/40 (10%) - loss: 0.4000 - accuracy: 0.6000 - 8.0 img/s - ETA 0:36",
            lines);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void MessagesAreWrittenAsTheyAre()
    {
        var output = new StringWriter();
        new PlainTextProgress(output).Message("Loaded 2000 training images [cats, dogs]");

        Assert.Equal(["Loaded 2000 training images [cats, dogs]"], Lines(output));
    }

    /// <summary>Drives a progress display the way a training loop does; one second and 8 images per batch.</summary>
    internal static void Train(ITrainingProgress progress, TrainingHistory history, int batchesPerEpoch, ManualClock? clock)
    {
        foreach (var phase in history.Phases)
        {
            progress.PhaseStarted(phase.Name, phase.FirstEpoch, phase.LastEpoch, batchesPerEpoch);
            foreach (var epoch in history.Epochs.Where(e => e.PhaseIndex == phase.PhaseIndex))
            {
                progress.EpochStarted(epoch.Epoch);
                for (var batch = 1; batch <= batchesPerEpoch; batch++)
                {
                    clock?.Advance(TimeSpan.FromSeconds(1));
                    progress.BatchCompleted(batch, 0.4, 0.6, batch * 8);
                }

                progress.EpochCompleted(epoch);
            }
        }
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
