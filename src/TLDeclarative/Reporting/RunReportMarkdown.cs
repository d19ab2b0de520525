using System.Globalization;
using System.Text;
using TLDeclarative.Metrics;

namespace TLDeclarative.Reporting;

/// <summary>
/// The run report as markdown (<c>report.md</c>): what ran where, each phase, the final validation and
/// test metrics with a per-class table, and the plots, linked relative to the report so the folder can move.
/// </summary>
public static class RunReportMarkdown
{
    /// <summary>The file name a run folder uses.</summary>
    public const string FileName = "report.md";

    /// <summary>Writes the markdown of <paramref name="report"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(RunReport report, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Render(report, folder)));
    }

    /// <summary>The markdown text; artifact links are made relative to <paramref name="reportFolder"/>.</summary>
    public static string Render(RunReport report, string reportFolder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(reportFolder);
        var md = new StringBuilder();
        md.Append("# ").Append(Cell(report.Experiment)).Append(" — run report\n\n");
        md.Append("| Item | Value |\n|---|---|\n");
        md.Append("| Experiment | ").Append(Cell(report.Experiment)).Append(" |\n");
        if (report.SpecHash is { } hash)
            md.Append("| Spec hash (SHA-256) | `").Append(hash).Append("` |\n");
        md.Append("| Seed | ").Append(report.Seed is { } seed ? Number(seed) : "none").Append(" |\n");
        md.Append(Invariant($"| Image size | {report.ImageHeight} x {report.ImageWidth} (height x width) |\n"));
        md.Append("| Device | ").Append(Cell(report.Device)).Append(" |\n");
        md.Append(Invariant($"| Total time | {report.TotalSeconds:F1} s |\n\n"));

        if (report.Environment is { } env)
        {
            md.Append("## Environment\n\n| OS | .NET | Architecture | TorchSharp | libtorch | CPU cores | Device |\n|---|---|---|---|---|---|---|\n");
            md.Append("| ").Append(Cell(env.OperatingSystem)).Append(" | ").Append(Cell(env.Runtime)).Append(" | ").Append(Cell(env.Architecture))
                .Append(" | ").Append(Cell(env.TorchSharp)).Append(" | ").Append(Cell(env.LibTorch)).Append(" | ").Append(Number(env.CpuCores))
                .Append(" | ").Append(Cell(env.Device)).Append(" |\n\n");
            if (env.Cpu is { } cpu)
                md.Append("CPU: ").Append(Cell(cpu)).Append("  \n");
            if (env.Convolutions is { } convolutions)
                md.Append("Convolutions: ").Append(Cell(convolutions)).Append("\n\n");
        }

        AppendPhases(md, report.Phases);
        if (report.Validation is { } validation)
            AppendEvaluation(md, "Validation", validation, report.Artifacts.ValidationConfusionPng, reportFolder);
        if (report.Test is { } test)
            AppendEvaluation(md, "Test", test, report.Artifacts.TestConfusionPng, reportFolder);

        if (report.Artifacts.CurvesPng is { } curves)
            md.Append("## Training curves\n\n![Loss and accuracy per epoch](").Append(Link(curves, reportFolder)).Append(")\n\n");
        AppendFiles(md, report.Artifacts, reportFolder);
        return md.ToString();
    }

    private static void AppendPhases(StringBuilder md, IReadOnlyList<PhaseReport> phases)
    {
        if (phases.Count == 0)
            return;
        md.Append("## Phases\n\n");
        md.Append("| Phase | Epochs | Images/s | Seconds | Train loss | Train accuracy | Validation loss | Validation accuracy | Stopped early |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var phase in phases)
        {
            var last = phase.Epochs[^1];
            var stopped = phase.StoppedEarly ? Invariant($"yes, after epoch {last.Epoch} of {phase.PlannedLastEpoch}") : "no";
            md.Append("| ").Append(Cell(phase.Name))
                .Append(Invariant($" | {phase.Epochs[0].Epoch}-{last.Epoch} | {phase.TrainImagesPerSecond:F1} | {phase.Seconds:F1} | {last.TrainLoss:F4} | {last.TrainAccuracy:F4} | "))
                .Append(Optional(last.ValidationLoss)).Append(" | ").Append(Optional(last.ValidationAccuracy)).Append(" | ").Append(stopped).Append(" |\n");
        }

        md.Append("\nLosses and accuracies are those of each phase's last epoch.\n\n");
    }

    private static void AppendEvaluation(StringBuilder md, string split, EvaluationReport evaluation, string? confusionPng, string reportFolder)
    {
        var m = evaluation.Metrics;
        md.Append("## ").Append(split).Append(Invariant($" set ({m.Count} images"))
            .Append(evaluation.TestTimeAugmentation ? ", test-time augmentation: image and mirror averaged" : "").Append(")\n\n");
        md.Append("| Metric | Value |\n|---|---|\n");
        md.Append(Invariant($"| Loss | {evaluation.Loss:F4} |\n| Accuracy | {m.Accuracy:F4} |\n"));
        md.Append(Invariant($"| Macro precision | {m.Macro.Precision:F4} |\n| Macro recall | {m.Macro.Recall:F4} |\n| Macro F1 | {m.Macro.F1:F4} |\n"));
        md.Append(Invariant($"| Weighted F1 | {m.Weighted.F1:F4} |\n"));
        if (m.Classes.Count == 2)
            md.Append("| ROC AUC (").Append(Cell(m.Classes[1])).Append(" positive) | ").Append(m.RocAuc is { } auc ? Invariant($"{auc:F4}") : "undefined (one class only)").Append(" |\n");
        if (m.TopK is { } k && m.TopKAccuracy is { } topK)
            md.Append(Invariant($"| Top-{k} accuracy | {topK:F4} |\n"));

        md.Append("\n| Class | Precision | Recall | F1 | Support |\n|---|---|---|---|---|\n");
        foreach (var c in m.PerClass)
            md.Append("| ").Append(Cell(c.Class)).Append(Invariant($" | {c.Precision:F4} | {c.Recall:F4} | {c.F1:F4} | {c.Support} |\n"));
        md.Append(Invariant($"| macro avg | {m.Macro.Precision:F4} | {m.Macro.Recall:F4} | {m.Macro.F1:F4} | {m.Count} |\n"));
        md.Append(Invariant($"| weighted avg | {m.Weighted.Precision:F4} | {m.Weighted.Recall:F4} | {m.Weighted.F1:F4} | {m.Count} |\n\n"));
        if (confusionPng is not null)
            md.Append("![").Append(split).Append(" confusion matrix](").Append(Link(confusionPng, reportFolder)).Append(")\n\n");
    }

    private static void AppendFiles(StringBuilder md, RunArtifacts a, string reportFolder)
    {
        (string Label, string? Path)[] files =
        [
            ("Model bundle", a.ModelBundle),
            ("History (JSON)", a.HistoryJson),
            ("History (CSV)", a.HistoryCsv),
            ("Training curves", a.CurvesPng),
            ("Validation confusion matrix", a.ValidationConfusionPng),
            ("Test confusion matrix", a.TestConfusionPng),
            ("Model summary", a.ModelSummary),
            ("This report as JSON", a.ReportJson),
        ];
        var present = files.Where(f => f.Path is not null).ToList();
        if (present.Count == 0)
            return;
        md.Append("## Files\n\n");
        foreach (var (label, path) in present)
        {
            var link = Link(path!, reportFolder);
            md.Append("- ").Append(label).Append(": [").Append(link).Append("](").Append(link).Append(")\n");
        }
    }

    // Relative to the report's folder and with forward slashes, so the links work wherever the folder is
    // opened. Artifact paths and the folder are both relative to the working directory (or absolute).
    private static string Link(string path, string reportFolder) =>
        Path.GetRelativePath(Path.GetFullPath(reportFolder), Path.GetFullPath(path)).Replace('\\', '/').Replace(" ", "%20", StringComparison.Ordinal);

    private static string Optional(double? value) => value is { } v ? Invariant($"{v:F4}") : "-";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // A '|' would end the table cell; a newline would end the row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
