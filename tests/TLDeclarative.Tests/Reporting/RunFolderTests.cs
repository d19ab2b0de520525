using System.Globalization;
using SkiaSharp;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Hosting;
using TLDeclarative.Metrics;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Reporting;

/// <summary>A whole tiny run: the files of the run folder, read back and checked against each other.</summary>
public sealed class RunFolderTests
{
    [Fact]
    public void A_run_writes_metrics_confusion_matrices_and_a_markdown_report()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        DemoDataSet.Write(data, ["cats", "dogs"], 8, 6, TinyModels.ImageSize, TinyModels.ImageSize, seed: 2);
        var output = Path.Combine(folder.Path, "run");
        var progress = new WorkRecorder();
        var definition = new ExperimentDefinition
        {
            Name = "Tiny",
            SpecFile = "tiny.tl.yaml",
            SpecText = "experiment: Tiny\n",
            Seed = 1,
            Classes = ["cats", "dogs"],
            Data = new DataSettings("train", "validation", null, TinyModels.ImageSize, TinyModels.ImageSize, 16),
            Augmentation = AugmentationSettings.None,
            Phases =
            [
                new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, 1, p => optim.Adam(p, lr: 1e-3)),
                new PhaseDefinition("fine_tuning", FreezePolicy.None, 2, 2, p => optim.Adam(p, lr: 1e-4)),
            ],
            Output = output,
            BuildModel = () => TinyModels.TwoClass(),
            Evaluation = new EvaluationSettings(TestTimeAugmentation: true),
        };
        var settings = RunSettings.Resolve(definition, new TrainOptions
        {
            DataRoot = data,
            Device = "cpu",
            TestFolder = Path.Combine(data, "validation"),
        });

        var (result, model) = new ExperimentRun(definition, settings, progress).Execute();
        using var _ = model;

        // report.json holds the metrics; report.md shows the same numbers.
        var report = RunReportWriter.Read(Path.Combine(output, "report.json"));
        Assert.Equal(definition.SpecHash, report.SpecHash);
        Assert.Equal("0.107.0", report.Environment!.TorchSharp);
        var validation = report.Validation!;
        var test = report.Test!;
        Assert.True(validation.TestTimeAugmentation);
        Assert.Equal(12, validation.Metrics.Count);
        // The test folder is the validation folder here, so both evaluations must agree exactly.
        Assert.Equal(validation.Metrics.ConfusionMatrix, test.Metrics.ConfusionMatrix);
        Assert.Equal(test.Metrics.Accuracy, report.TestAccuracy);
        Assert.Equal(result.Report.Test!.Metrics.PerClass, test.Metrics.PerClass);

        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        foreach (var c in test.Metrics.PerClass)
        {
            Assert.Contains(
                string.Create(CultureInfo.InvariantCulture, $"| {c.Class} | {c.Precision:F4} | {c.Recall:F4} | {c.F1:F4} | {c.Support} |\n"),
                markdown,
                StringComparison.Ordinal);
        }

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| ROC AUC (dogs positive) | {test.Metrics.RocAuc:F4} |\n"), markdown, StringComparison.Ordinal);
        Assert.Contains("![Validation confusion matrix](confusion-validation.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("![Test confusion matrix](confusion-test.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("![Loss and accuracy per epoch](curves.png)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| fine_tuning | 2-2 | ", markdown, StringComparison.Ordinal);

        foreach (var png in new[] { "confusion-validation.png", "confusion-test.png" })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(output, png));
            Assert.Equal((ConfusionMatrixPlot.MinimumSize, ConfusionMatrixPlot.MinimumSize), (bitmap.Width, bitmap.Height));
        }

        Assert.Equal(Path.Combine(output, "report.md"), report.Artifacts.ReportMarkdown);
        Assert.Equal(Path.Combine(output, "confusion-test.png"), report.Artifacts.TestConfusionPng);

        // Decoding and both evaluations showed progress, each from 0 to its total.
        foreach (var task in new[] { "Decoding train", "Decoding validation", "Decoding test", "Evaluating validation", "Evaluating test" })
        {
            var steps = progress.Work.Where(w => w.Task == task).ToList();
            Assert.True(steps.Count >= 2, task);
            Assert.Equal(0, steps[0].Done);
            Assert.Equal(steps[0].Total, steps.Max(s => s.Done));
        }
    }

    private sealed class WorkRecorder : ITrainingProgress
    {
        private readonly Lock gate = new();

        public List<(string Task, int Done, int Total)> Work { get; } = [];

        public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
        {
        }

        public void EpochStarted(int epoch)
        {
        }

        public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
        {
        }

        public void EpochCompleted(EpochMetrics metrics)
        {
        }

        public void Message(string message)
        {
        }

        public void WorkProgress(string task, int done, int total)
        {
            lock (gate)
                Work.Add((task, done, total));
        }
    }
}
