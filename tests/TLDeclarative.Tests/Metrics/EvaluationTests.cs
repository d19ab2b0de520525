using TLDeclarative.Backbones;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Metrics;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Metrics;

public sealed class EvaluationTests
{
    private static readonly string[] CatsDogs = ["cats", "dogs"];

    [Fact]
    public void Evaluate_returns_metrics_that_agree_with_the_model_outputs()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 2, validationPerClass: 6);
        using var _ = train;
        using var data = validation;
        using var model = TinyModels.TwoClass();

        var evaluation = new Trainer(model, NullTrainingProgress.Instance).Evaluate(new BatchLoader(data, 5, CPU, shuffle: false, seed: 1), EvaluationSettings.Default, CatsDogs);

        var m = evaluation.Metrics!;
        Assert.Equal(12, evaluation.Count);
        Assert.Equal(CatsDogs, m.Classes);
        Assert.Equal(evaluation.Accuracy, m.Accuracy);
        Assert.Equal([6L, 6], m.PerClass.Select(c => c.Support));
        Assert.Equal(12, m.ConfusionMatrix.Sum(row => row.Sum()));

        // The same numbers straight from the model, in one batch.
        var (labels, positive, predicted) = Outputs(model, data, mirrored: false);
        Assert.Equal(RocAuc.Compute(labels, positive), m.RocAuc);
        Assert.Equal(labels.Zip(predicted).Count(p => p.First == p.Second) / 12.0, evaluation.Accuracy, 12);
        Assert.Equal(BinaryCrossEntropy(labels, positive), evaluation.Loss, 5);
    }

    [Fact]
    public void Test_time_augmentation_averages_each_image_with_its_mirror()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 2, validationPerClass: 6);
        using var _ = train;
        using var data = validation;
        using var model = TinyModels.TwoClass();
        var trainer = new Trainer(model, NullTrainingProgress.Instance);

        var plain = trainer.Evaluate(new BatchLoader(data, 5, CPU, shuffle: false, seed: 1), new EvaluationSettings(), CatsDogs);
        var tta = trainer.Evaluate(new BatchLoader(data, 5, CPU, shuffle: false, seed: 1), new EvaluationSettings(TestTimeAugmentation: true), CatsDogs);

        // A strided conv net is not mirror-symmetric, so averaging with the mirror changes the numbers...
        Assert.True(Math.Abs(plain.Loss - tta.Loss) > 1e-5, $"loss {plain.Loss} with and {tta.Loss} without TTA");
        // ...into exactly the mean of the two passes' probabilities.
        var (labels, positive, _) = Outputs(model, data, mirrored: false);
        var (_, mirroredPositive, _) = Outputs(model, data, mirrored: true);
        var mean = positive.Zip(mirroredPositive, (a, b) => (a + b) / 2).ToArray();
        Assert.Equal(BinaryCrossEntropy(labels, mean), tta.Loss, 5);
        Assert.Equal(RocAuc.Compute(labels, mean)!.Value, tta.Metrics!.RocAuc!.Value, 9);
        Assert.Equal(labels.Zip(mean).Count(p => p.First == (p.Second > 0.5f ? 1 : 0)) / 12.0, tta.Accuracy, 12);
    }

    [Fact]
    public void Test_time_augmentation_of_a_mirror_invariant_model_changes_nothing()
    {
        using var folder = new TempFolder();
        string[] classes = ["a", "b", "c"];
        DemoDataSet.Write(folder.Path, classes, 1, 4, TinyModels.ImageSize, TinyModels.ImageSize, seed: 3);
        using var data = DecodedImages.Decode(ImageFolder.Scan(Path.Combine(folder.Path, "validation"), classes), TinyModels.ImageSize, TinyModels.ImageSize);
        random.manual_seed(7);
        using var model = new TransferModel(
            new PointwiseBackbone(),
            nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(PointwiseBackbone.Channels, 3)),
            ClassifierOutput.Softmax);
        var trainer = new Trainer(model, NullTrainingProgress.Instance);

        var plain = trainer.Evaluate(new BatchLoader(data, 5, CPU, shuffle: false, seed: 1), new EvaluationSettings(TopK: 2), classes);
        var tta = trainer.Evaluate(new BatchLoader(data, 5, CPU, shuffle: false, seed: 1), new EvaluationSettings(TopK: 2, TestTimeAugmentation: true), classes);

        Assert.Equal(12, tta.Count);
        Assert.Equal(plain.Loss, tta.Loss, 5);
        Assert.Equal(plain.Accuracy, tta.Accuracy);
        Assert.Equal(plain.Metrics!.ConfusionMatrix, tta.Metrics!.ConfusionMatrix);
        Assert.Equal(2, tta.Metrics.TopK);
        Assert.Equal(plain.Metrics.TopKAccuracy, tta.Metrics.TopKAccuracy);
        Assert.Null(tta.Metrics.RocAuc);
    }

    [Fact]
    public void Class_names_must_match_the_model_outputs()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 1, validationPerClass: 1);
        using var _ = train;
        using var data = validation;
        using var model = TinyModels.TwoClass();

        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(model, NullTrainingProgress.Instance).Evaluate(new BatchLoader(data, 4, CPU, shuffle: false, seed: 1), EvaluationSettings.Default, ["a", "b", "c"]));

        Assert.StartsWith("The model predicts 2 classes but 3 class names were given.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_reports_its_progress_per_batch()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 1, validationPerClass: 5);
        using var _ = train;
        using var data = validation;
        using var model = TinyModels.TwoClass();
        var progress = new RecordingProgress();

        new Trainer(model, NullTrainingProgress.Instance).Evaluate(new BatchLoader(data, 4, CPU, shuffle: false, seed: 1), EvaluationSettings.Default, CatsDogs, progress, "Evaluating test");

        Assert.Equal(["Evaluating test 0/10", "Evaluating test 4/10", "Evaluating test 8/10", "Evaluating test 10/10"], progress.Steps);
    }

    private static (int[] Labels, float[] Positive, int[] Predicted) Outputs(TransferModel model, DecodedImages data, bool mirrored)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = data.Images.to_type(ScalarType.Float32).div(255f);
        var logits = model.call(mirrored ? images.flip(3) : images).squeeze(1);
        var labels = data.Labels.to_type(ScalarType.Int32).data<int>().ToArray();
        return (labels, logits.sigmoid().data<float>().ToArray(), logits.gt(0).to_type(ScalarType.Int32).data<int>().ToArray());
    }

    private static double BinaryCrossEntropy(int[] labels, float[] positive) =>
        labels.Zip(positive, (y, p) => -Math.Log(y == 1 ? p : 1 - p)).Average();

    /// <summary>A 1x1 convolution and ReLU: every pixel alike, so the pooled features ignore a mirror.</summary>
    private sealed class PointwiseBackbone : Backbone
    {
        public const int Channels = 6;

        private readonly TorchSharp.Modules.Conv2d conv = nn.Conv2d(3, Channels, 1);

        public PointwiseBackbone()
            : base(nameof(PointwiseBackbone))
        {
            RegisterComponents();
            Stages = [new BackboneStage("conv", [conv])];
        }

        public override IReadOnlyList<BackboneStage> Stages { get; }

        public override int OutputChannels => Channels;

        public override Tensor Preprocess(Tensor rgb01) => rgb01.sub(0.5);

        public override Tensor forward(Tensor input) => nn.functional.relu(conv.call(input));
    }

    private sealed class RecordingProgress : ITrainingProgress
    {
        public List<string> Steps { get; } = [];

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

        public void WorkProgress(string task, int done, int total) => Steps.Add($"{task} {done}/{total}");
    }
}
