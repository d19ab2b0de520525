using System.Globalization;

namespace TLDeclarative.Reporting;

/// <summary>
/// Bookkeeping for <see cref="ITrainingProgress.WorkProgress"/>: when the current task began, the most
/// images done so far (reports from worker threads may arrive out of order), and the derived rate and ETA.
/// </summary>
internal sealed class WorkState(TimeProvider time)
{
    private long start;

    public string Task { get; private set; } = "";

    public int Done { get; private set; }

    public int Total { get; private set; }

    /// <summary>Tenths of the task already announced (plain display).</summary>
    public int AnnouncedTenth { get; set; }

    /// <summary>Takes a report; false when it is stale (an older count of the same task).</summary>
    public bool Update(string task, int done, int total)
    {
        task ??= "";
        // A new task, or the same one run again after it finished, starts a fresh clock.
        if (task != Task || total != Total || (Finished && done < Done))
        {
            Task = task;
            Total = total;
            Done = 0;
            AnnouncedTenth = 0;
            start = time.GetTimestamp();
        }

        if (done <= Done)
            return false;
        Done = done;
        return true;
    }

    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Done / Total, 0, 1);

    public bool Finished => Total > 0 && Done >= Total;

    /// <summary>"120/400 (30%) - 85.2 img/s - ETA 0:03".</summary>
    public string Stats()
    {
        var elapsed = time.GetElapsedTime(start);
        double? rate = elapsed > TimeSpan.Zero && Done > 0 ? Done / elapsed.TotalSeconds : null;
        TimeSpan? remaining = rate is { } r && Total >= Done ? TimeSpan.FromSeconds((Total - Done) / r) : null;
        return string.Create(CultureInfo.InvariantCulture, $"{Done}/{Total} ({Fraction * 100:F0}%) - {ProgressFormat.Rate(rate)} img/s - ETA {ProgressFormat.Duration(remaining)}");
    }
}
