using TLDeclarative.Reporting;

namespace TLDeclarative.Runs;

/// <summary>
/// A run folder read back: its record, resolved spec, history and (once it finished) report. What
/// <c>tl runs list</c> shows and <c>tl runs compare</c> compares.
/// </summary>
/// <param name="Folder">The run folder's full path.</param>
/// <param name="ResolvedSpec">The run's <c>spec.tl.yaml</c>.</param>
/// <param name="History">The epochs trained so far (from the report, or from history.json while running).</param>
/// <param name="Report">The run's report; null until it finished.</param>
public sealed record RunSummary(string Folder, RunRecord Record, string ResolvedSpec, TrainingHistory History, RunReport? Report)
{
    public string Name => Record.Name;

    /// <summary>Best validation accuracy over the epochs; null without validation.</summary>
    public double? BestValidationAccuracy => History.Epochs.Max(e => e.ValidationAccuracy);

    /// <summary>Validation accuracy of the final evaluation (after the last epoch).</summary>
    public double? FinalValidationAccuracy => Report?.Validation?.Metrics.Accuracy ?? History.Last?.ValidationAccuracy;

    public double? FinalValidationLoss => Report?.Validation?.Loss ?? History.Last?.ValidationLoss;

    public double? TestAccuracy => Report?.TestAccuracy;

    /// <exception cref="InvalidDataException">The folder is not a readable run folder.</exception>
    public static RunSummary Read(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!File.Exists(Path.Combine(full, RunRecord.FileName)))
            throw new InvalidDataException($"'{folder}' is not a run folder (no {RunRecord.FileName}); run folders are under <output>/{RunFolders.FolderName}/.");
        var record = RunRecord.Read(full);
        var specPath = Path.Combine(full, RunRecord.SpecFileName);
        var spec = File.Exists(specPath) ? File.ReadAllText(specPath) : "";
        var reportPath = Path.Combine(full, "report.json");
        var report = File.Exists(reportPath) ? RunReportWriter.Read(reportPath) : null;
        var historyPath = Path.Combine(full, "history.json");
        var history = report is not null ? new TrainingHistory(report.Phases.SelectMany(p => p.Epochs))
            : File.Exists(historyPath) ? HistoryReader.ReadJson(historyPath)
            : new TrainingHistory();
        return new RunSummary(full, record, spec, history, report);
    }

    /// <summary>
    /// Every run under <paramref name="output"/>, oldest first. A folder whose record is still being
    /// written (a run starting this instant) is left out.
    /// </summary>
    public static IReadOnlyList<RunSummary> All(string output) =>
        RunFolders.All(output)
            .Where(folder => new FileInfo(Path.Combine(folder, RunRecord.FileName)).Length > 0)
            .Select(Read)
            .OrderBy(r => r.Record.Started)
            .ToList();

    /// <summary>
    /// Runs ordered by spec version: by the commit time of the spec's repository (runs of an uncommitted
    /// spec after the committed runs of the same commit; runs without git last), then by start.
    /// </summary>
    public static IReadOnlyList<RunSummary> BySpecVersion(IEnumerable<RunSummary> runs) =>
        runs.OrderBy(r => r.Record.SpecVersion.CommitTime ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Record.SpecVersion.Uncommitted == true)
            .ThenBy(r => r.Record.Started)
            .ToList();
}
