using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class RunReportMarkdownTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-markdown-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Per_class_table_has_a_row_per_class_and_the_averages()
    {
        var markdown = RunReportMarkdown.Render(Report() with { Test = new EvaluationReport(0.8123, true, SampleMetrics.ThreeClasses()) }, folder);

        Assert.Contains("## Test set (6 images, test-time augmentation: image and mirror averaged)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Loss | 0.8123 |\n| Accuracy | 0.5000 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Macro F1 | 0.3571 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Top-2 accuracy | 0.6667 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains(
            "| Class | Precision | Recall | F1 | Support |\n|---|---|---|---|---|\n"
            + "| a | 0.5000 | 0.5000 | 0.5000 | 2 |\n"
            + "| b | 0.5000 | 0.6667 | 0.5714 | 3 |\n"
            + "| c | 0.0000 | 0.0000 | 0.0000 | 1 |\n"
            + "| macro avg | 0.3333 | 0.3889 | 0.3571 | 6 |\n"
            + "| weighted avg | 0.4167 | 0.5000 | 0.4524 | 6 |\n",
            markdown,
            StringComparison.Ordinal);
        Assert.DoesNotContain("ROC AUC", markdown[markdown.IndexOf("## Test set", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_section_names_the_cpu_and_the_convolution_guard()
    {
        var markdown = RunReportMarkdown.Render(Report(), folder);
        Assert.Contains(
            "| 2 | cpu |\n\nCPU: AMD EPYC  \nConvolutions: oneDNN convolutions: WRONG on this CPU; affected layers padded [TL_CONV_GUARD=auto]\n\n",
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Two_classes_show_the_roc_auc_of_the_second_class_or_why_there_is_none()
    {
        var markdown = RunReportMarkdown.Render(Report(), folder);
        Assert.Contains("## Validation set (4 images)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| ROC AUC (pos positive) | 0.7500 |\n", markdown, StringComparison.Ordinal);

        var oneClass = TLDeclarative.Metrics.ClassificationMetrics.Compute(["neg", "pos"], [1, 1], [1, 0], [0.2f, 0.8f, 0.6f, 0.4f]);
        var undefined = RunReportMarkdown.Render(Report() with { Validation = new EvaluationReport(0.5, false, oneClass) }, folder);
        Assert.Contains("| ROC AUC (pos positive) | undefined (one class only) |\n", undefined, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_environment_and_phases_with_early_stopping()
    {
        var markdown = RunReportMarkdown.Render(Report(), folder);

        Assert.StartsWith("# CatsVsDogs — run report\n\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Spec hash (SHA-256) | `0123abcd` |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Seed | 42 |\n| Image size | 150 x 160 (height x width) |\n| Device | cpu |\n| Total time | 123.5 s |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Linux 6.1 | .NET 10.0.0 | X64 | 0.107.0 | 2.10.0 | 2 | cpu |\n", markdown, StringComparison.Ordinal);
        // SampleHistories.TwoPhases(2, 3): epochs 1-2 and 3-5; the second planned to run to epoch 8.
        Assert.Contains("| feature_extraction | 1-2 | ", markdown, StringComparison.Ordinal);
        Assert.Contains(" | no |\n", markdown, StringComparison.Ordinal);
        Assert.Contains(" | yes, after epoch 5 of 8 |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Plots_and_files_are_linked_relative_to_the_report()
    {
        var markdown = RunReportMarkdown.Render(Report(), folder);

        Assert.Contains("![Validation confusion matrix](confusion-validation.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("![Loss and accuracy per epoch](plots/curves%20v1.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- History (CSV): [history.csv](history.csv)\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(folder, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_stay_relative_to_the_report_when_the_output_folder_is_a_relative_path()
    {
        // A run's output folder is usually relative to the working directory (artifacts/cats-vs-dogs).
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, folder);

        var markdown = RunReportMarkdown.Render(Report(relative), relative);

        Assert.Contains("![Validation confusion matrix](confusion-validation.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- History (CSV): [history.csv](history.csv)\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_in_a_class_name_does_not_break_the_table()
    {
        var markdown = RunReportMarkdown.Render(Report() with { Test = new EvaluationReport(1, false, SampleMetrics.ThreeClasses(["a|1", "b", "c"])) }, folder);

        Assert.Contains("| a\\|1 | 0.5000 | 0.5000 | 0.5000 | 2 |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_puts_the_markdown_in_the_file_atomically()
    {
        var path = Path.Combine(folder, RunReportMarkdown.FileName);

        RunReportMarkdown.Write(Report(), path);

        Assert.Equal(RunReportMarkdown.Render(Report(), folder), File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    private RunReport Report() => Report(folder);

    private static RunReport Report(string folder)
    {
        var history = SampleHistories.TwoPhases(2, 3);
        var phases = PhaseReport.FromHistory(history);
        return new RunReport(
            "CatsVsDogs", "cpu", 42, 150, 160,
            [phases[0] with { PlannedLastEpoch = 2 }, phases[1] with { PlannedLastEpoch = 8 }],
            history.FinalValidationAccuracy, null, 123.5,
            new RunArtifacts(
                Path.Combine(folder, "history.json"),
                Path.Combine(folder, "history.csv"),
                Path.Combine(folder, "plots", "curves v1.png"))
            {
                ValidationConfusionPng = Path.Combine(folder, "confusion-validation.png"),
            })
        {
            SpecHash = "0123abcd",
            Environment = new RunEnvironment("Linux 6.1", ".NET 10.0.0", "X64", "0.107.0", "2.10.0", 2, "cpu")
            {
                Cpu = "AMD EPYC",
                Convolutions = "oneDNN convolutions: WRONG on this CPU; affected layers padded [TL_CONV_GUARD=auto]",
            },
            Validation = new EvaluationReport(0.4567, false, SampleMetrics.TwoClasses()),
        };
    }
}
