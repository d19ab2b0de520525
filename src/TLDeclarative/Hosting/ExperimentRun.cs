using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Runs;
using TLDeclarative.Runs.TensorBoard;
using TLDeclarative.Runtime;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Hosting;

/// <summary>
/// One training run end to end: check and decode the data, open the run folder (a new one under
/// <c>runs/</c>, or the one being resumed), build the model, train every phase, evaluate, and write
/// the artifacts (model bundle, history, curves, report, TensorBoard logs) into the run folder.
/// </summary>
internal sealed class ExperimentRun
{
    private readonly ExperimentDefinition definition;
    private readonly RunSettings settings;
    private readonly ITrainingProgress progress;

    public ExperimentRun(ExperimentDefinition definition, RunSettings settings, ITrainingProgress progress)
    {
        this.definition = definition;
        this.settings = settings;
        this.progress = progress;
    }

    public (TrainingResult Result, TransferModel Model) Execute()
    {
        var device = DeviceSelection.Choose(settings.Device);
        if (settings.DemoRoot is not null)
            WriteDemoData(settings.DemoRoot);

        // Every data folder or list file is checked before anything is written.
        var data = definition.Data;
        var (trainSamples, validationSamples) = RunData.Scan(definition, settings);
        var testSamples = settings.Test is null ? null : DataSource.Scan(settings.Test, definition.Classes);
        var run = settings.Resume
            ? RunFolder.Resume(settings.Output, settings.ResumeRun, settings.CommandLine)
            : RunFolder.Start(definition, settings.Output, settings.RunName, settings.Seed, settings.Described(), device.ToString(), settings.CommandLine);
        progress.Message($"Run folder: {run.Path}");
        var checkpoints = new RunCheckpoints(definition, settings, run.Path);
        if (TrainingPlanFile.Write(definition, settings, run.Path) is { } planPath)
            progress.Message($"Training plan: {planPath}");

        using var train = Decode(trainSamples, "train");
        using var validation = Decode(validationSamples, "validation");
        using var test = testSamples is null ? null : Decode(testSamples, "test");

        random.manual_seed(settings.Seed);
        progress.Message(ConvolutionGuard.State.Summary);
        progress.Message($"Building the model on {device}.");
        var model = definition.BuildModel();
        model.to(device);

        // Prefetch 2: the next batch is gathered and moved to the device while the model trains on this one.
        var trainLoader = new BatchLoader(train, settings.BatchSize, device, shuffle: true, settings.Seed, sampler: data.Sampler, prefetch: BatchLoader.TrainingPrefetch(device));
        var validationLoader = new BatchLoader(validation, settings.BatchSize, device, shuffle: false, settings.Seed);
        var augmenter = definition.Augmentation.IsIdentity ? null : new BatchAugmenter(definition.Augmentation, settings.Seed);
        var summaries = new ModelSummaryProgress(progress, model, definition.Name, settings.ImageHeight, settings.ImageWidth, run.File(ModelSummaryProgress.FileName));
        var resume = settings.Resume ? Resume(run, checkpoints, model) : null;
        using var tensorBoard = new TensorBoardLog(run.Path);
        if (resume is null)
            tensorBoard.SessionStarted(TensorBoardLog.HParams(definition.NormalizedSpec ?? definition.SpecText, run.Record.Settings), run.Record.Started);
        else
            tensorBoard.Resumed(resume.State.Epoch + 1);
        var trainer = new Trainer(model, summaries)
        {
            Seed = settings.Seed,
            BestMonitor = definition.Checkpoints.Monitor,
            ClassWeights = data.ClassWeights.Resolve(train.CountPerClass(definition.Classes.Count)),
            FeatureCaching = definition.FeatureCache,
        };
        trainer.EpochCompleted += history =>
        {
            WriteHistory(run, history);
            tensorBoard.Epoch(history.Last!);
            run.Progress();
        };
        trainer.CheckpointReady += checkpoint => checkpoints.Save(model, checkpoint);
        var history = trainer.Run(settings.Phases, trainLoader, validationLoader, augmenter, resume);

        // The final validation and test sets get the full metrics (and test-time augmentation when set).
        var finalValidation = trainer.Evaluate(validationLoader, definition.Evaluation, definition.Classes, progress, "Evaluating validation");
        progress.Message(ProgressFormat.EvaluationLine("Validation", finalValidation.Loss, finalValidation.Metrics!));
        Evaluation? testEvaluation = null;
        if (test is not null)
        {
            testEvaluation = trainer.Evaluate(new BatchLoader(test, settings.BatchSize, device, shuffle: false, settings.Seed), definition.Evaluation, definition.Classes, progress, "Evaluating test");
            progress.Message(ProgressFormat.EvaluationLine("Test", testEvaluation.Loss, testEvaluation.Metrics!));
        }

        var reportPath = run.File("report.json");
        var markdownPath = run.File(RunReportMarkdown.FileName);
        var artifacts = WriteArtifacts(run, checkpoints, history) with
        {
            ValidationConfusionPng = SaveConfusion(run, finalValidation, "Validation", "confusion-validation.png"),
            TestConfusionPng = testEvaluation is null ? null : SaveConfusion(run, testEvaluation, "Test", "confusion-test.png"),
            ReportJson = reportPath,
            ReportMarkdown = markdownPath,
        };
        var lastEpoch = history.Last?.Epoch ?? 0;
        tensorBoard.FinalEvaluation(TensorBoardLog.ValidationFolder, lastEpoch, finalValidation.Loss, finalValidation.Accuracy, artifacts.ValidationConfusionPng!);
        if (testEvaluation is not null)
            tensorBoard.FinalEvaluation(TensorBoardLog.TestFolder, lastEpoch, testEvaluation.Loss, testEvaluation.Accuracy, artifacts.TestConfusionPng!);
        run.Progress(ended: true);
        tensorBoard.SessionEnded(run.Record.Ended!.Value);
        var report = new RunReport(
            definition.Name,
            device.ToString(),
            settings.Seed,
            settings.ImageHeight,
            settings.ImageWidth,
            PhaseReport.FromHistory(history).Select(p => p with { PlannedLastEpoch = settings.Phases.FirstOrDefault(d => d.Name == p.Name)?.LastEpoch }).ToList(),
            history.Last?.ValidationAccuracy,
            testEvaluation?.Accuracy,
            run.Record.TotalSeconds, // every session: a resumed run counts the interrupted part too
            artifacts)
        {
            SpecHash = definition.SpecHash,
            Environment = RunEnvironment.Capture(device.ToString()),
            Validation = new EvaluationReport(finalValidation.Loss, definition.Evaluation.TestTimeAugmentation, finalValidation.Metrics!),
            Test = testEvaluation is null ? null : new EvaluationReport(testEvaluation.Loss, definition.Evaluation.TestTimeAugmentation, testEvaluation.Metrics!),
        };
        RunReportWriter.Write(report, reportPath);
        RunReportMarkdown.Write(report, markdownPath);
        progress.Message($"Report: {markdownPath}");
        if (settings.ReportFile is not null)
            RunReportWriter.Write(report, settings.ReportFile);
        return (new TrainingResult(history, report, artifacts.ModelBundle!, run.Path), model);
    }

    private string SaveConfusion(RunFolder run, Evaluation evaluation, string split, string fileName)
    {
        var path = run.File(fileName);
        ConfusionMatrixPlot.Save(evaluation.Metrics!, $"{definition.Name}: {split.ToLowerInvariant()} confusion matrix", path);
        return path;
    }

    private void WriteDemoData(string root)
    {
        progress.Message($"Writing the built-in synthetic demo data set to {root} (pass --data DIR to train on your own images).");
        DemoDataSet.Write(
            root,
            definition.Classes,
            RunSettings.DemoTrainPerClass,
            RunSettings.DemoValidationPerClass,
            settings.ImageHeight,
            settings.ImageWidth,
            settings.Seed,
            overwrite: true);
    }

    private DecodedImages Decode(IReadOnlyList<ImageSample> samples, string split) => RunData.Decode(definition, settings, samples, split, progress);

    private string BundlePath(RunFolder run) => run.File(definition.Name + ModelBundle.Extension);

    /// <summary>Loads the last checkpoint's weights and state; the history files are rewritten from it.</summary>
    private TrainingCheckpoint Resume(RunFolder run, RunCheckpoints checkpoints, TransferModel model)
    {
        var resume = checkpoints.Resume(model, BundlePath(run));
        var state = resume.State;
        progress.Message(state.Finished
            ? $"Resuming: {checkpoints.LastPath} is of a finished run ({state.Epoch} epochs); writing its artifacts."
            : $"Resuming from {checkpoints.LastPath}: epoch {state.Epoch} of phase '{settings.Phases[state.PhaseIndex].Name}' was the last completed.");
        WriteHistory(run, resume.History);
        return resume;
    }

    /// <summary>
    /// The last epoch's checkpoint already holds the finished weights and history, so it becomes the
    /// bundle by a rename instead of a second save. The best checkpoint stays in checkpoints/.
    /// </summary>
    private RunArtifacts WriteArtifacts(RunFolder run, RunCheckpoints checkpoints, TrainingHistory history)
    {
        var bundle = BundlePath(run);
        File.Move(checkpoints.LastPath, bundle, overwrite: true);
        if (!Directory.EnumerateFileSystemEntries(checkpoints.Folder).Any())
            Directory.Delete(checkpoints.Folder);
        var summary = run.File(ModelSummaryProgress.FileName);
        var artifacts = HistoryFiles(run) with
        {
            ModelBundle = bundle,
            ModelSummary = File.Exists(summary) ? summary : null,
            BestCheckpoint = File.Exists(checkpoints.BestPath) ? checkpoints.BestPath : null,
        };
        TrainingCurvesPlot.Save(history, artifacts.CurvesPng!);
        return artifacts;
    }

    private static RunArtifacts HistoryFiles(RunFolder run) => new(
        HistoryJson: run.File("history.json"),
        HistoryCsv: run.File("history.csv"),
        CurvesPng: run.File("curves.png"));

    private static void WriteHistory(RunFolder run, TrainingHistory history)
    {
        var files = HistoryFiles(run);
        HistoryWriter.WriteJson(history, files.HistoryJson!);
        HistoryWriter.WriteCsv(history, files.HistoryCsv!);
    }
}

/// <summary>What a training run produced.</summary>
/// <param name="BundlePath">The saved model bundle.</param>
/// <param name="RunFolder">The run's folder under <c>&lt;output&gt;/runs/</c>, holding every artifact of the run.</param>
public sealed record TrainingResult(TrainingHistory History, RunReport Report, string BundlePath, string RunFolder);
