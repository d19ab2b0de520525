using System.Globalization;
using Spectre.Console;

namespace TLDeclarative.Reporting;

/// <summary>
/// Interactive progress for a terminal, on Spectre.Console: one live line per epoch (phase, epoch x/total,
/// a bar over batches, running loss and accuracy, images/s, ETA), redrawn in place, and a coloured
/// summary line when the epoch ends.
/// </summary>
/// <remarks>
/// Why not Spectre's <c>Progress</c> widget: it owns the console inside a callback
/// (<c>Progress().Start(ctx =&gt; ...)</c>) and refreshes from its own thread, which fits an event-driven
/// interface badly (the training loop would have to run inside the callback, and messages written
/// meanwhile would tear the display). A single line rewritten with carriage return + erase-line is
/// simple, thread-free and cannot corrupt the scrollback. Use it only where ANSI is available;
/// <see cref="TrainingProgress.ForConsole"/> picks <see cref="PlainTextProgress"/> otherwise.
/// </remarks>
public sealed class ConsoleProgress : ITrainingProgress
{
    // Redraws faster than this only cost time: a terminal updates its screen at about this rate.
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private const int MaxBarWidth = 40;
    private const int MinBarWidth = 10;
    private const int MinPhaseLength = 6;

    // Carriage return, then erase the whole line (CSI 2 K): the cursor ends at column 1 of a blank line.
    private const string EraseLine = "\r\u001b[2K";

    private readonly IAnsiConsole console;
    private readonly TimeProvider time;
    private readonly ProgressState state;
    private readonly WorkState work;
    private readonly Lock gate = new();
    private bool liveLineShown;
    private long lastDraw;

    /// <summary>Draws on <paramref name="console"/> (e.g. <see cref="AnsiConsole.Console"/>).</summary>
    /// <param name="console">An ANSI-capable console.</param>
    /// <param name="timeProvider">Clock for images/s, ETA and redraw throttling; the system clock when null.</param>
    public ConsoleProgress(IAnsiConsole console, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        this.console = console;
        time = timeProvider ?? TimeProvider.System;
        state = new ProgressState(time);
        work = new WorkState(time);
    }

    /// <inheritdoc />
    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
    {
        lock (gate)
        {
            ClearLiveLine();
            state.PhaseStarted(phase, firstEpoch, lastEpoch, batchesPerEpoch);
            console.MarkupLine(
                "[bold blue]" + Markup.Escape(ProgressFormat.PhaseHeader(state.Phase, firstEpoch, lastEpoch, batchesPerEpoch)) + "[/]");
        }
    }

    /// <inheritdoc />
    public void EpochStarted(int epoch)
    {
        lock (gate)
        {
            state.EpochStarted(epoch);
        }
    }

    /// <inheritdoc />
    public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
    {
        lock (gate)
        {
            var snapshot = state.BatchCompleted(batch, runningLoss, runningAccuracy, imagesSoFar);
            var now = time.GetTimestamp();
            var isLast = snapshot.Batches > 0 && batch >= snapshot.Batches;
            if (liveLineShown && !isLast && time.GetElapsedTime(lastDraw, now) < RedrawInterval)
            {
                return;
            }

            lastDraw = now;
            DrawLiveLine(snapshot);
        }
    }

    /// <inheritdoc />
    public void EpochCompleted(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        lock (gate)
        {
            ClearLiveLine();
            state.EpochCompleted(metrics);
            var label = ProgressFormat.EpochLabel(metrics.Phase, metrics.Epoch, state.LastEpoch);
            var summary = ProgressFormat.EpochSummary(metrics, state.LastEpoch);
            console.MarkupLine(
                "[bold]" + Markup.Escape(label) + "[/]" + Markup.Escape(summary[label.Length..]));
        }
    }

    /// <inheritdoc />
    public void Message(string message)
    {
        lock (gate)
        {
            ClearLiveLine();
            console.WriteLine(message ?? "");
        }
    }

    /// <summary>A live line with a bar while the work runs; erased when it is done (the caller sums it up).</summary>
    public void WorkProgress(string task, int done, int total)
    {
        lock (gate)
        {
            if (!work.Update(task, done, total))
            {
                return;
            }

            if (work.Finished)
            {
                ClearLiveLine();
                return;
            }

            var now = time.GetTimestamp();
            if (liveLineShown && time.GetElapsedTime(lastDraw, now) < RedrawInterval)
            {
                return;
            }

            lastDraw = now;
            var label = work.Task;
            var tail = work.Stats();
            var width = Math.Max(console.Profile.Width - 1, 20);
            var barWidth = Math.Min(width - label.Length - tail.Length - 2, MaxBarWidth);
            var plain = $"{label} {tail}";
            var markup = barWidth >= MinBarWidth
                ? "[bold]" + Markup.Escape(label) + "[/] " + Bar(work.Fraction, barWidth) + " " + Markup.Escape(tail)
                : Markup.Escape(plain.Length > width ? plain[..width] : plain);
            console.Write(new ControlCode(EraseLine));
            console.Markup(markup);
            liveLineShown = true;
        }
    }

    private void DrawLiveLine(BatchSnapshot s)
    {
        var tail = string.Create(CultureInfo.InvariantCulture, $"{s.Batch}/{s.Batches} ") + ProgressFormat.LiveStats(s);

        // Stay one column short of the width: a line that wraps cannot be rewritten in place. The bar
        // shrinks first, then the phase name; the numbers are what the person is waiting for.
        var width = Math.Max(console.Profile.Width - 1, 20);
        var phase = s.Phase;
        var label = ProgressFormat.EpochLabel(phase, s.Epoch, s.LastEpoch);
        var barWidth = Math.Min(width - label.Length - tail.Length - 2, MaxBarWidth);
        if (barWidth < MinBarWidth)
        {
            var excess = MinBarWidth - barWidth;
            if (phase.Length - excess - 1 >= MinPhaseLength)
            {
                phase = string.Concat(phase.AsSpan(0, phase.Length - excess - 1), console.Profile.Capabilities.Unicode ? "…" : "~");
                label = ProgressFormat.EpochLabel(phase, s.Epoch, s.LastEpoch);
                barWidth = MinBarWidth;
            }
        }

        string markup;
        if (barWidth >= MinBarWidth)
        {
            markup = "[bold]" + Markup.Escape(label) + "[/] " + Bar(s.Fraction, barWidth) + " " + Markup.Escape(tail);
        }
        else
        {
            var plain = $"{label} {tail}";
            markup = Markup.Escape(plain.Length > width ? plain[..width] : plain);
        }

        console.Write(new ControlCode(EraseLine));
        console.Markup(markup);
        liveLineShown = true;
    }

    private string Bar(double fraction, int width)
    {
        var done = (int)Math.Round(fraction * width);
        var unicode = console.Profile.Capabilities.Unicode;
        var filled = unicode ? "━" : "#";
        var empty = unicode ? "━" : "-";
        return "[green]" + string.Concat(Enumerable.Repeat(filled, done)) + "[/][grey23]"
            + string.Concat(Enumerable.Repeat(empty, width - done)) + "[/]";
    }

    private void ClearLiveLine()
    {
        if (liveLineShown)
        {
            console.Write(new ControlCode(EraseLine));
            liveLineShown = false;
        }
    }
}
