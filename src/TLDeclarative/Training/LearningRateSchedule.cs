using static TorchSharp.torch;

namespace TLDeclarative.Training;

/// <summary>When the trainer steps a phase's learning-rate scheduler.</summary>
public enum ScheduleStep
{
    /// <summary>After every epoch (StepLR, CosineAnnealingLR, ...).</summary>
    Epoch = 0,

    /// <summary>After every optimizer step (OneCycleLR).</summary>
    Batch = 1,

    /// <summary>After every epoch, with the epoch's validation loss (ReduceLROnPlateau).</summary>
    ValidationLoss = 2,
}

/// <summary>A phase's learning-rate schedule: how to build its TorchSharp scheduler and when to step it.</summary>
/// <param name="Step">When the trainer calls <c>step</c>.</param>
/// <param name="Create">Builds the scheduler over the phase's optimizer; the second argument is the number of batches per epoch.</param>
public sealed record LearningRateSchedule(
    ScheduleStep Step,
    Func<optim.Optimizer, int, optim.lr_scheduler.LRScheduler> Create);
