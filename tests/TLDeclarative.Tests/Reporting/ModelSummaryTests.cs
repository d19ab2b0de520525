using TLDeclarative.Augmentation;
using TLDeclarative.Freezing;
using TLDeclarative.Hosting;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Reporting;

/// <summary>Keras-style model summary: the table, its totals, and the file a run writes.</summary>
public sealed class ModelSummaryTests
{
    private const string TinyFineTuning =
        "Model summary, phase fine_tuning (freeze: until block2, batch_norm: frozen), input 32x32\n" +
        "====================================================\n" +
        "Stage   Output shape    Params  Training   BatchNorm\n" +
        "----------------------------------------------------\n" +
        "stem    (N, 8, 16, 16)     240  frozen     inference\n" +
        "block1  (N, 16, 8, 8)    1,200  frozen     inference\n" +
        "block2  (N, 16, 4, 4)    2,352  trainable  training\n" +
        "head    (N, 1)              17  trainable  -\n" +
        "====================================================\n" +
        "Total params: 3,809\n" +
        "Trainable params: 2,369\n" +
        "Frozen params: 1,440\n";

    [Fact]
    public void Tiny_backbone_table_is_aligned_like_keras()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Until("block2"));

        var summary = ModelSummary.Of(model, "fine_tuning", 32, 32);

        Assert.Equal(TinyFineTuning, summary.ToText());
    }

    [Fact]
    public void Markdown_section_has_the_table_and_the_totals()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.All);

        var markdown = ModelSummary.Of(model, "feature_extraction", 32, 32).ToMarkdown();

        Assert.Equal(
            "## Model summary, phase feature_extraction (freeze: all, batch_norm: frozen), input 32x32\n\n" +
            "| Stage | Output shape | Params | Training | BatchNorm |\n" +
            "|---|---|---:|---|---|\n" +
            "| stem | (N, 8, 16, 16) | 240 | frozen | inference |\n" +
            "| block1 | (N, 16, 8, 8) | 1,200 | frozen | inference |\n" +
            "| block2 | (N, 16, 4, 4) | 2,352 | frozen | inference |\n" +
            "| head | (N, 1) | 17 | trainable | - |\n\n" +
            "Total params: 3,809 · Trainable: 17 · Frozen: 3,792\n",
            markdown);
    }

    [Fact]
    public void Stage_shapes_follow_the_image_size_and_match_the_forward_pass()
    {
        using var model = TinyModels.TwoClass();

        var shapes = model.Backbone.StageOutputShapes(40, 24);

        Assert.Equal([[1, 8, 20, 12], [1, 16, 10, 6], [1, 16, 5, 3]], shapes);
        using var noGrad = no_grad();
        using var features = model.Backbone.call(zeros(1, 3, 40, 24));
        Assert.Equal(features.shape, shapes[^1]);
    }

    [Fact]
    public void Pattern_freezing_shows_partly_trainable_stages()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Matching("block1.1.*"));

        var summary = ModelSummary.Of(model, "tune", 32, 32);

        Assert.Equal(["frozen", "partial", "frozen", "trainable"], summary.Rows.Select(r => r.Training));
        Assert.Equal(["inference", "training", "inference", "-"], summary.Rows.Select(r => r.BatchNorm));
        Assert.Equal(32 + 17, summary.TrainableParameters);
    }

    [Fact]
    public void Trainable_batch_norm_makes_frozen_stages_partly_trainable()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.All, BatchNormPolicy.Trainable);

        var summary = ModelSummary.Of(model, "tune", 32, 32);

        Assert.Equal(["partial", "partial", "partial", "trainable"], summary.Rows.Select(r => r.Training));
        Assert.Equal(["training", "training", "training", "-"], summary.Rows.Select(r => r.BatchNorm));
        Assert.Equal(16 + 32 + 32 + 17, summary.TrainableParameters);
    }

    [Fact]
    public void A_run_prints_a_summary_per_phase_and_writes_model_summary_md()
    {
        using var folder = new TempFolder();
        var progress = new RecordingProgress();
        var definition = new ExperimentDefinition
        {
            Name = "Tiny",
            SpecFile = "tiny.tl.yaml",
            SpecText = "experiment: Tiny\n",
            Seed = 1,
            Classes = ["cats", "dogs"],
            Data = new DataSettings("train", "validation", null, TinyModels.ImageSize, TinyModels.ImageSize, 32),
            Augmentation = AugmentationSettings.None,
            Phases =
            [
                new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, 1, p => optim.Adam(p, lr: 1e-3)),
                new PhaseDefinition("fine_tuning", FreezePolicy.Until("block2"), 2, 2, p => optim.Adam(p, lr: 1e-4)),
            ],
            Output = folder.Path,
            BuildModel = () => TinyModels.TwoClass(),
        };
        var settings = RunSettings.Resolve(definition, new TrainOptions { Demo = true, Device = "cpu" });

        var (result, model) = new ExperimentRun(definition, settings, progress).Execute();
        using var _ = model;

        var path = Path.Combine(result.RunFolder, "model-summary.md");
        Assert.Equal(path, result.Report.Artifacts.ModelSummary);
        var markdown = File.ReadAllText(path);
        Assert.StartsWith("# Model summary: Tiny\n\n## Model summary, phase feature_extraction (freeze: all", markdown, StringComparison.Ordinal);
        Assert.Contains("\n## Model summary, phase fine_tuning (freeze: until block2, batch_norm: frozen), input 32x32\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| block2 | (N, 16, 4, 4) | 2,352 | trainable | training |", markdown, StringComparison.Ordinal);

        var summaries = progress.Messages.Where(m => m.StartsWith("Model summary, phase", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, summaries.Count);
        Assert.Equal(TinyFineTuning.TrimEnd('\n'), summaries[1]);
        // Shown right after the phase header, before the phase's first epoch.
        Assert.Equal(["phase feature_extraction", "summary", "epoch 1", "phase fine_tuning", "summary", "epoch 2"], progress.Events);
    }

    private sealed class RecordingProgress : ITrainingProgress
    {
        public List<string> Messages { get; } = [];

        public List<string> Events { get; } = [];

        public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch) => Events.Add("phase " + phase);

        public void EpochStarted(int epoch) => Events.Add("epoch " + epoch);

        public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar)
        {
        }

        public void EpochCompleted(EpochMetrics metrics)
        {
        }

        public void Message(string message)
        {
            Messages.Add(message);
            if (message.StartsWith("Model summary", StringComparison.Ordinal))
                Events.Add("summary");
        }
    }
}
