namespace TLDeclarative.Reporting;

/// <summary>
/// Adapts an <see cref="ITrainingProgress"/> to the <see cref="IProgress{T}"/> that decoding takes. It calls
/// through on the reporting thread: <see cref="Progress{T}"/> would post to a synchronization context and
/// could show counts after the work has finished.
/// </summary>
public sealed class WorkReporter : IProgress<int>
{
    private readonly ITrainingProgress progress;
    private readonly string task;
    private readonly int total;

    /// <summary>Reports 0 of <paramref name="total"/> at once, so rate and ETA are timed from the work's start.</summary>
    public WorkReporter(ITrainingProgress progress, string task, int total)
    {
        ArgumentNullException.ThrowIfNull(progress);
        this.progress = progress;
        this.task = task;
        this.total = total;
        progress.WorkProgress(task, 0, total);
    }

    /// <inheritdoc />
    public void Report(int value) => progress.WorkProgress(task, value, total);
}
