using SkiaSharp;
using TLDeclarative.Augmentation;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Hosting;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Data;

/// <summary>A whole run fed from a CSV list with a split-off validation set, a broken file, weights, sampler and mixup.</summary>
public sealed class DataPipelineRunTests
{
    [Fact]
    public void ListFileSplitSkipWeightsSamplerAndMixupRunEndToEnd()
    {
        using var folder = new TempFolder();
        var rows = new List<string> { "path,label" };
        var random = new Random(1);
        for (var i = 0; i < 12; i++)
        {
            var label = i < 8 ? "a" : "b";
            var colour = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            TestImages.WriteSolid(Path.Combine(folder.Path, "images", $"{i:D2}.png"), 32, 32, colour);
            rows.Add($"images/{i:D2}.png,{label}");
        }

        var broken = Path.Combine(folder.Path, "images", "broken.png");
        File.WriteAllBytes(broken, []);
        rows.Add("images/broken.png,b");
        var list = Path.Combine(folder.Path, "train.csv");
        File.WriteAllLines(list, rows);
        var definition = Definition(list, Path.Combine(folder.Path, "out"));
        var progress = new RecordingProgress();

        var (result, model) = new ExperimentRun(definition, RunSettings.Resolve(definition, new TrainOptions { Device = "cpu" }), progress).Execute();
        using var _ = model;

        var warning = Assert.Single(progress.Messages, m => m.StartsWith("Warning: skipped 1 unreadable", StringComparison.Ordinal));
        Assert.Contains(broken, warning, StringComparison.Ordinal);
        // The convolution workaround in force is said once, before the model is built.
        Assert.Equal(TLDeclarative.Runtime.ConvolutionGuard.State.Summary, Assert.Single(progress.Messages, m => m.StartsWith("oneDNN convolutions: ", StringComparison.Ordinal)));

        // 8 + 5 listed; validation takes round(0.25 * 8) = 2 and round(0.25 * 5) = 1; the empty file is left out.
        var decoded = progress.Messages.Where(m => m.StartsWith("Decoded ", StringComparison.Ordinal)).Select(m => int.Parse(m.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, decoded.Length);
        Assert.Equal(12, decoded.Sum());
        Assert.Contains(decoded[1], new[] { 2, 3 });
        var epoch = Assert.Single(result.History.Epochs);
        Assert.True(double.IsFinite(epoch.TrainLoss));
        Assert.InRange(epoch.ValidationAccuracy!.Value, 0, 1);
    }

    [Fact]
    public void LearningRateFinderReadsTheListFileWithTheRunsSplitAndCorruptFilePolicy()
    {
        using var folder = new TempFolder();
        var rows = new List<string> { "path,label" };
        for (var i = 0; i < 8; i++)
        {
            TestImages.WriteSolid(Path.Combine(folder.Path, "images", $"{i:D2}.png"), 32, 32, new SKColor((byte)(30 * i), 80, (byte)(200 - (20 * i))));
            rows.Add($"images/{i:D2}.png,{(i < 4 ? "a" : "b")}");
        }

        // Listed under "a" and first in the list: the split keeps or moves it, the skip policy drops it either way.
        File.WriteAllBytes(Path.Combine(folder.Path, "images", "broken.png"), []);
        rows.Insert(1, "images/broken.png,a");
        var list = Path.Combine(folder.Path, "train.tsv");
        File.WriteAllLines(list, rows.Select(r => r.Replace(',', '\t')));
        var definition = Definition(list, Path.Combine(folder.Path, "out"));
        var progress = new RecordingProgress();

        var (result, csv, _) = LearningRateFinderRun.Execute(definition, RunSettings.Resolve(definition, new TrainOptions { Device = "cpu" }), null, progress);

        // 5 "a" + 4 "b" listed; validation_split 0.25 takes round(1.25) = 1 "a" and 1 "b": 7 training rows remain,
        // 6 readable when the empty file stayed in training, 7 when the split moved it to validation.
        var decoded = Assert.Single(progress.Messages, m => m.StartsWith("Decoded ", StringComparison.Ordinal));
        var skipped = progress.Messages.Any(m => m.StartsWith("Warning: skipped 1 unreadable train file(s)", StringComparison.Ordinal));
        var count = skipped ? 6 : 7;
        Assert.StartsWith($"Decoded {count} train images at 32x32", decoded, StringComparison.Ordinal);
        Assert.Contains(progress.Messages, m => m.StartsWith($"Learning-rate range test of phase 'all' on {count} training images", StringComparison.Ordinal));
        Assert.True(File.Exists(csv));
        Assert.NotEmpty(result.Points);
    }

    private static ExperimentDefinition Definition(string trainList, string output) => new()
    {
        Name = "Pipeline",
        SpecFile = "pipeline.tl.yaml",
        SpecText = "experiment: Pipeline\n",
        Seed = 3,
        Classes = ["a", "b"],
        Data = new DataSettings(trainList, string.Empty, null, TinyModels.ImageSize, TinyModels.ImageSize, 4)
        {
            ValidationSplit = 0.25,
            ClassWeights = ClassWeights.Auto,
            Sampler = SamplerKind.Weighted,
            CorruptFiles = CorruptFilePolicy.Skip,
        },
        Augmentation = AugmentationSettings.None with { Mixup = 0.4, Brightness = 0.1 },
        Phases = [new PhaseDefinition("all", FreezePolicy.None, 1, 1, p => optim.SGD(p, learningRate: 0.01))],
        Output = output,
        BuildModel = () => TinyModels.TwoClass(),
    };

    private sealed class RecordingProgress : ITrainingProgress
    {
        public List<string> Messages { get; } = [];

        public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch) { }

        public void EpochStarted(int epoch) { }

        public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar) { }

        public void EpochCompleted(EpochMetrics metrics) { }

        public void Message(string message) => Messages.Add(message);
    }
}
