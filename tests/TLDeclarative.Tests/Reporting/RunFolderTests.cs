using System.Globalization;
using SkiaSharp;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Hosting;
using TLDeclarative.Metrics;
using TLDeclarative.Reporting;
using TLDeclarative.Runs;
using TLDeclarative.Tests.Runs;
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
        var definition = TwoPhases(output, batchSize: 16, evaluation: new EvaluationSettings(TestTimeAugmentation: true));
        var settings = RunSettings.Resolve(definition, new TrainOptions
        {
            DataRoot = data,
            Device = "cpu",
            TestFolder = Path.Combine(data, "validation"),
        });

        var (result, model) = new ExperimentRun(definition, settings, progress).Execute();
        using var _ = model;
        var run = result.RunFolder;
        Assert.Equal(Path.Combine(output, "runs", File.ReadAllText(Path.Combine(output, "runs", "latest")).Trim()), run);

        // report.json holds the metrics; report.md shows the same numbers.
        var report = RunReportWriter.Read(Path.Combine(run, "report.json"));
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

        var markdown = File.ReadAllText(Path.Combine(run, "report.md"));
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
            using var bitmap = SKBitmap.Decode(Path.Combine(run, png));
            Assert.Equal((ConfusionMatrixPlot.MinimumSize, ConfusionMatrixPlot.MinimumSize), (bitmap.Width, bitmap.Height));
        }

        Assert.Equal(Path.Combine(run, "report.md"), report.Artifacts.ReportMarkdown);
        Assert.Equal(Path.Combine(run, "confusion-test.png"), report.Artifacts.TestConfusionPng);

        // Decoding and both evaluations showed progress, each from 0 to its total.
        foreach (var task in new[] { "Decoding train", "Decoding validation", "Decoding test", "Evaluating validation", "Evaluating test" })
        {
            var steps = progress.Work.Where(w => w.Task == task).ToList();
            Assert.True(steps.Count >= 2, task);
            Assert.Equal(0, steps[0].Done);
            Assert.Equal(steps[0].Total, steps.Max(s => s.Done));
        }
    }

    [Fact]
    public void Two_runs_into_one_output_folder_keep_two_run_folders_with_their_specs_records_and_event_files()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        DemoDataSet.Write(data, ["cats", "dogs"], 6, 4, TinyModels.ImageSize, TinyModels.ImageSize, seed: 2);
        var output = Path.Combine(folder.Path, "out");
        var definition = TwoPhases(output, batchSize: 8, specText: "experiment: Tiny  # as written\n", normalizedSpec: "experiment: Tiny\nseed: 1\n");

        var folders = new List<string>();
        foreach (var name in new[] { "first", "second" })
        {
            var settings = RunSettings.Resolve(definition, new TrainOptions { DataRoot = data, Device = "cpu", RunName = name, CommandLine = ["--run-name", name] });
            var (result, model) = new ExperimentRun(definition, settings, NullTrainingProgress.Instance).Execute();
            model.Dispose();
            folders.Add(result.RunFolder);
        }

        Assert.Equal(folders, RunFolders.All(output));
        Assert.Equal(folders[1], RunFolders.Latest(output));
        foreach (var (run, name) in folders.Zip(["first", "second"]))
        {
            Assert.EndsWith("-" + definition.SpecHash[..8] + "-" + name, run, StringComparison.Ordinal);
            Assert.Equal(definition.NormalizedSpec, File.ReadAllText(Path.Combine(run, "spec.tl.yaml")));
            var record = RunRecord.Read(run);
            Assert.Equal((definition.SpecHash, 1, "1 1"), (record.SpecHash, record.Seed, record.Settings["epochs"]));
            Assert.Equal(["--run-name", name], record.CommandLine);
            Assert.NotNull(record.Ended);
            foreach (var file in new[] { "Tiny.tlmodel", "history.json", "report.json", "curves.png", "confusion-validation.png" })
                Assert.True(File.Exists(Path.Combine(run, file)), file);

            var history = HistoryReader.ReadJson(Path.Combine(run, "history.json")).Epochs;
            var train = TensorBoardReader.Read(Directory.GetFiles(Path.Combine(run, "train")).Single()).SelectMany(e => e.Values.Select(v => (e.Step, v.Tag, v.Simple))).ToList();
            var validation = TensorBoardReader.Read(Directory.GetFiles(Path.Combine(run, "validation")).Single()).SelectMany(e => e.Values.Select(v => (e.Step, v.Tag, v.Simple))).ToList();
            Assert.Equal(history.Select(e => (long)e.Epoch), train.Where(v => v.Tag == "epoch_loss").Select(v => v.Step));
            Assert.Equal(history.Select(e => (float)e.TrainAccuracy), train.Where(v => v.Tag == "epoch_accuracy").Select(v => v.Simple!.Value));
            Assert.Equal(history.Select(e => (float)e.ValidationLoss!.Value), validation.Where(v => v.Tag == "epoch_loss").Select(v => v.Simple!.Value));
            Assert.Equal(history.Select(e => (float)e.ValidationAccuracy!.Value), validation.Where(v => v.Tag == "epoch_accuracy").Select(v => v.Simple!.Value));
            Assert.Contains(validation, v => v.Tag == "confusion_matrix");
        }
    }

    /// <summary>A tiny two-class experiment: one epoch of each phase.</summary>
    private static ExperimentDefinition TwoPhases(string output, int batchSize, EvaluationSettings? evaluation = null, string specText = "experiment: Tiny\n", string? normalizedSpec = null) => new()
    {
        Name = "Tiny",
        SpecFile = "tiny.tl.yaml",
        SpecText = specText,
        NormalizedSpec = normalizedSpec,
        Seed = 1,
        Classes = ["cats", "dogs"],
        Data = new DataSettings("train", "validation", null, TinyModels.ImageSize, TinyModels.ImageSize, batchSize),
        Augmentation = AugmentationSettings.None,
        Phases =
        [
            new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, 1, p => optim.Adam(p, lr: 1e-3)),
            new PhaseDefinition("fine_tuning", FreezePolicy.None, 2, 2, p => optim.Adam(p, lr: 1e-4)),
        ],
        Output = output,
        BuildModel = () => TinyModels.TwoClass(),
        Evaluation = evaluation ?? EvaluationSettings.Default,
    };

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
