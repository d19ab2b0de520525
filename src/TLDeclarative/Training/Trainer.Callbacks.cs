using System.Globalization;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using TLDeclarative.Training.Callbacks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>The trainer's callbacks and resume: early stopping, the best metric, optimizer and schedule state.</summary>
public sealed partial class Trainer
{
    private void CheckMonitors(IReadOnlyList<PhaseDefinition> phases, BatchLoader? validation)
    {
        if (validation is not null)
            return;
        if (BestMonitor is { } best && best.NeedsValidation())
            throw new InvalidOperationException($"The best checkpoint is chosen by {best.Key()}, but there is no validation data.");
        foreach (var phase in phases)
        {
            if (phase.EarlyStopping is { } stopping && stopping.Monitor.NeedsValidation())
                throw new InvalidOperationException($"Phase '{phase.Name}' stops early on {stopping.Monitor.Key()}, but there is no validation data.");
        }
    }

    /// <summary>
    /// Brings a fresh optimizer and schedule of the resumed phase to where the checkpoint left them: the
    /// scheduler is stepped as the run stepped it (its counters, one-cycle position and plateau memory
    /// follow from the same calls with the recorded validation losses), then the optimizer's own state
    /// (moments, step counts, current rates) is loaded over it.
    /// </summary>
    private static void Restore(PhaseDefinition phase, optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler? scheduler, TrainingHistory history, int phaseIndex, int batchesPerEpoch, byte[]? optimizerState)
    {
        if (scheduler is not null)
        {
            foreach (var done in history.Epochs.Where(e => e.PhaseIndex == phaseIndex))
            {
                if (phase.Schedule!.Step == ScheduleStep.Batch)
                {
                    for (var b = 0; b < batchesPerEpoch; b++)
                        scheduler.step();
                }
                else
                {
                    StepAfterEpoch(phase, scheduler, done);
                }
            }
        }

        if (optimizerState is null)
            return;
        if (optimizer is not OptimizerHelper helper)
            throw new InvalidOperationException($"Phase '{phase.Name}': the checkpoint holds optimizer state, but {optimizer.GetType().Name} cannot load it.");
        using var reader = new BinaryReader(new MemoryStream(optimizerState));
        try
        {
            helper.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"Phase '{phase.Name}': the checkpoint's optimizer state does not fit this phase's optimizer ({e.Message}).", e);
        }
    }

    private static byte[]? OptimizerStateOf(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper)
            return null;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            helper.save_state_dict(writer);
        return stream.ToArray();
    }

    /// <summary>One phase's early stopping: the patience count and, for restore_best_weights, the best epoch's weights.</summary>
    private sealed class PhaseEarlyStopping
    {
        private readonly EarlyStoppingSettings settings;
        private readonly ImprovementTracker tracker;

        public PhaseEarlyStopping(EarlyStoppingSettings settings, ImprovementState? state, byte[]? bestWeights)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(settings.Patience, 1, nameof(settings));
            this.settings = settings;
            tracker = new ImprovementTracker(settings.Monitor, settings.MinDelta, state);
            BestWeights = bestWeights;
        }

        public ImprovementState State => tracker.State;

        public byte[]? BestWeights { get; private set; }

        /// <returns>Why the phase stops now, or null to go on.</returns>
        public string? Observe(TransferModel model, EpochMetrics metrics, double? validationF1)
        {
            if (tracker.Observe(metrics.Epoch, settings.Monitor.ValueOf(metrics, validationF1)) && settings.RestoreBestWeights)
                BestWeights = WeightsOf(model);
            if (tracker.State.EpochsWithoutImprovement < settings.Patience)
                return null;

            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"{settings.Monitor.Key()} did not improve by more than {settings.MinDelta:R} for {settings.Patience} epochs");
            if (tracker.State.Best is not { } best)
                return reason + " (it was never finite)";
            reason += string.Create(CultureInfo.InvariantCulture, $"; best {best:R} at epoch {tracker.State.BestEpoch}");
            if (!settings.RestoreBestWeights || BestWeights is null)
                return reason;
            using (var stream = new MemoryStream(BestWeights))
                model.load(stream, strict: true);
            return reason + string.Create(CultureInfo.InvariantCulture, $", whose weights were restored");
        }

        private static byte[] WeightsOf(TransferModel model)
        {
            using var stream = new MemoryStream();
            model.save(stream);
            return stream.ToArray();
        }
    }
}
