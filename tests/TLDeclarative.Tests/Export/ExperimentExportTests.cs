using TLDeclarative.Augmentation;
using TLDeclarative.Backbones;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Inference;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Export;

/// <summary>
/// Experiment.ExportOnnx on a loaded bundle (changed weights), the file used from plain C# with ONNX
/// Runtime only, and the command line's export command.
/// </summary>
public sealed class ExperimentExportTests(ITestOutputHelper output)
{
    private const int Size = 64;

    [Fact]
    public void Exported_file_classifies_demo_images_like_Predict_from_plain_csharp_and_from_the_command_line()
    {
        using var folder = new TempFolder();
        var data = DemoDataSet.Write(folder.Combine("data"), ["cats", "dogs"], trainPerClass: 3, validationPerClass: 1, height: Size, width: Size, seed: 7);
        var images = Directory.GetFiles(data.Split(DataSplits.Train), "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var bundle = folder.Combine("cats-vs-dogs.tlmodel");
        SaveChangedBundle(bundle);

        var experiment = new ExportExperiment(folder.Path);
        experiment.Load(bundle, "cpu");
        var onnxPath = folder.Combine("model.onnx");
        experiment.ExportOnnx(onnxPath);
        var predictions = experiment.Predict(images);

        var worst = 0f;
        using var classifier = new PlainOnnxClassifier(onnxPath);
        for (var i = 0; i < images.Count; i++)
        {
            var (label, probabilities) = classifier.Classify(images[i]);
            Assert.Equal(predictions[i].Label.ToString().ToLowerInvariant(), label);
            worst = Math.Max(worst, Math.Max(
                Math.Abs(probabilities[0] - predictions[i].Probabilities[ExportExperiment.Label.Cats]),
                Math.Abs(probabilities[1] - predictions[i].Probabilities[ExportExperiment.Label.Dogs])));
        }

        var size = new FileInfo(onnxPath).Length;
        output.WriteLine($"{images.Count} demo images: max |plain ONNX Runtime - Predict| = {worst:E2}; file {size:N0} bytes");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");

        var cliPath = folder.Combine("cli", "model.onnx");
        Assert.Equal(0, experiment.RunCommandLine(["export", "--model", bundle, "--output", cliPath]));
        Assert.Equal(File.ReadAllBytes(onnxPath), File.ReadAllBytes(cliPath));
    }

    [Fact]
    public void Export_command_without_a_bundle_fails_with_exit_code_1_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var experiment = new ExportExperiment(folder.Path);

        Assert.Equal(1, experiment.RunCommandLine(["export", "--model", folder.Combine("missing.tlmodel"), "--output", folder.Combine("model.onnx")]));
        Assert.False(File.Exists(folder.Combine("model.onnx")));
    }

    [Fact]
    public void ExportOnnx_before_Train_or_Load_says_so()
    {
        var experiment = new ExportExperiment("unused");

        var error = Assert.Throws<InvalidOperationException>(() => experiment.ExportOnnx("model.onnx"));

        Assert.Equal("ExportTest has no model yet: call Train() or Load() first.", error.Message);
    }

    [Fact]
    public void Train_command_with_export_onnx_writes_a_file_that_predicts_like_the_trained_model()
    {
        using var folder = new TempFolder();
        var data = DemoDataSet.Write(folder.Combine("data"), ["circles", "squares", "stripes"], trainPerClass: 4, validationPerClass: 2, height: 32, width: 32, seed: 3);
        var onnxPath = folder.Combine("tiny.onnx");
        var experiment = new TinyExperiment(folder.Combine("out"));

        var exitCode = experiment.RunCommandLine(["--data", data.Root, "--epochs", "1", "1", "--output", folder.Combine("out"), "--device", "cpu", "--export-onnx", onnxPath]);

        Assert.Equal(0, exitCode);
        // predict and export without --model find the latest run's bundle.
        var run = Directory.GetDirectories(folder.Combine("out", "runs")).Single();
        Assert.Equal(Path.Combine(run, "TinyExport.tlmodel"), experiment.BundlePath());
        Assert.True(File.Exists(experiment.BundlePath()));
        var images = Directory.GetFiles(data.Split(DataSplits.Validation), "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var predictions = experiment.Predict(images);
        using var classifier = new PlainOnnxClassifier(onnxPath);
        var worst = 0f;
        for (var i = 0; i < images.Count; i++)
        {
            var (label, probabilities) = classifier.Classify(images[i]);
            Assert.Equal(predictions[i].Label.ToString().ToLowerInvariant(), label);
            worst = Math.Max(worst, Enum.GetValues<TinyExperiment.Label>().Max(l => Math.Abs(probabilities[(int)l] - predictions[i].Probabilities[l])));
        }

        output.WriteLine($"conv+ReLU backbone after 2 training epochs, {images.Count} images: max |ORT - Predict| = {worst:E2}");
        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
    }

    /// <summary>A bundle as training would leave it: weights moved away from the file's and a trained head.</summary>
    private static void SaveChangedBundle(string path)
    {
        using var model = ExportExperiment.BuildModel();
        using (no_grad())
        using (NewDisposeScope())
        {
            var generator = new TorchSharp.torch.Generator(11);
            foreach (var parameter in model.parameters())
                parameter.mul_(1 + (0.05 * randn(parameter.shape, generator: generator)));
        }

        var manifest = new BundleManifest(BundleManifest.CurrentFormatVersion, "ExportTest", ["cats", "dogs"], Size, Size, "Sigmoid", 2, null, DateTimeOffset.UnixEpoch);
        ModelBundle.Save(path, model, manifest, "experiment: ExportTest\n");
    }

    /// <summary>What the generator emits for a two-class resnet18 experiment, written by hand.</summary>
    private sealed class ExportExperiment(string output) : Experiment<ExportExperiment.Label>(CreateDefinition(output))
    {
        public enum Label
        {
            Cats,
            Dogs,
        }

        public static TransferModel BuildModel()
        {
            var backbone = BackboneCatalog.Create("resnet18", weights: "imagenet");
            manual_seed(3);
            var head = nn.Sequential(
                ("pool", nn.AdaptiveAvgPool2d(1)),
                ("flatten", nn.Flatten()),
                ("dropout1", nn.Dropout(0.2)),
                ("output", nn.Linear(backbone.OutputChannels, 1)));
            return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        }

        private static ExperimentDefinition CreateDefinition(string output) => new()
        {
            Name = "ExportTest",
            SpecFile = "export-test.tl.yaml",
            SpecText = "experiment: ExportTest\n",
            Seed = 1,
            Classes = ["cats", "dogs"],
            Data = new DataSettings("train", "validation", null, Size, Size, 4),
            Augmentation = AugmentationSettings.None,
            Phases = [new PhaseDefinition("head", FreezePolicy.All, 1, 1, _ => throw new InvalidOperationException("not trained here"))],
            Output = output,
            BuildModel = BuildModel,
        };
    }

    /// <summary>A three-class experiment on a backbone that writes its own ONNX nodes; quick to train.</summary>
    private sealed class TinyExperiment(string output) : Experiment<TinyExperiment.Label>(CreateDefinition(output))
    {
        public enum Label
        {
            Circles,
            Squares,
            Stripes,
        }

        private static ExperimentDefinition CreateDefinition(string output) => new()
        {
            Name = "TinyExport",
            SpecFile = "tiny-export.tl.yaml",
            SpecText = "experiment: TinyExport\n",
            Seed = 1,
            Classes = ["circles", "squares", "stripes"],
            Data = new DataSettings("train", "validation", null, 32, 32, 4),
            Augmentation = AugmentationSettings.None,
            Phases =
            [
                new PhaseDefinition("head", FreezePolicy.All, 1, 1, parameters => optim.Adam(parameters, lr: 0.01)),
                new PhaseDefinition("tune", FreezePolicy.None, 2, 2, parameters => optim.Adam(parameters, lr: 0.001)),
            ],
            Output = output,
            BuildModel = () =>
            {
                var backbone = new ConvReluBackbone();
                var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("dense1", nn.Linear(8, 6)), ("relu1", nn.ReLU()), ("output", nn.Linear(6, 3)));
                return new TransferModel(backbone, head, ClassifierOutput.Softmax);
            },
        };
    }
}
