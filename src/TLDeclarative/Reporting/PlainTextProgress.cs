namespace TLDeclarative.Reporting;

/// <summary>
/// Progress as plain lines for logs and redirected output: no escape codes, no redraws. One line per
/// phase, one summary line per epoch and, optionally, a batch line each time another tenth of the
/// epoch is done (long CPU epochs stay visibly alive without flooding the log).
/// </summary>
public sealed class PlainTextProgress : ITrainingProgress
{
    private readonly TextWriter writer;
    private readonly bool reportBatches;
    private readonly ProgressState state;
    private readonly WorkState work;
    private readonly Lock gate = new();
    private int lastTenth;

    /// <summary>Writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where lines go (e.g. <see cref="Console.Out"/>).</param>
    /// <param name="reportBatches">Whether to write a line every tenth of an epoch (and of decoding or evaluating a set).</param>
    /// <param name="timeProvider">Clock for images/s and ETA; the system clock when null.</param>
    public PlainTextProgress(TextWriter writer, bool reportBatches = true, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.reportBatches = reportBatches;
        state = new ProgressState(timeProvider ?? TimeProvider.System);
        work = new WorkState(timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
    {
        lock (gate)
        {
            state.PhaseStarted(phase, firstEpoch, lastEpoch, batchesPerEpoch);
            lastTenth = 0;
            WriteLine(ProgressFormat.PhaseHeader(state.Phase, firstEpoch, lastEpoch, batchesPerEpoch));
        }
    }

    /// <inheritdoc />
    public void EpochStarted(int epoch)
    {
        lock (gate)
        {
            state.EpochStarted(epoch);
            lastTenth = 0;
        }
    }

    /// <inheritdoc />
    public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
    {
        lock (gate)
        {
            var snapshot = state.BatchCompleted(batch, runningLoss, runningAccuracy, imagesSoFar);
            if (!reportBatches || snapshot.Batches <= 0 || batch >= snapshot.Batches)
            {
                // The last batch is followed by the epoch summary; a batch line would only repeat it.
                return;
            }

            var tenth = (int)(snapshot.Fraction * 10);
            if (tenth > lastTenth)
            {
                lastTenth = tenth;
                WriteLine(ProgressFormat.BatchLine(snapshot));
            }
        }
    }

    /// <inheritdoc />
    public void EpochCompleted(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        lock (gate)
        {
            state.EpochCompleted(metrics);
            lastTenth = 0;
            WriteLine(ProgressFormat.EpochSummary(metrics, state.LastEpoch));
        }
    }

    /// <inheritdoc />
    public void Message(string message)
    {
        lock (gate)
        {
            WriteLine(message ?? "");
        }
    }

    /// <summary>A line each time another tenth of the work is done; the caller reports the end itself.</summary>
    public void WorkProgress(string task, int done, int total)
    {
        lock (gate)
        {
            if (!reportBatches || !work.Update(task, done, total) || work.Finished)
            {
                return;
            }

            var tenth = (int)(work.Fraction * 10);
            if (tenth > work.AnnouncedTenth)
            {
                work.AnnouncedTenth = tenth;
                WriteLine(work.Task + ": " + work.Stats());
            }
        }
    }

    // "\n" rather than writer.NewLine: the same log bytes on every OS.
    private void WriteLine(string line)
    {
        writer.Write(line);
        writer.Write('\n');
        writer.Flush();
    }
}
