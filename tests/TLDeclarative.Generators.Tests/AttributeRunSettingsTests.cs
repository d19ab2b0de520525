using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Tests;

/// <summary>Validation split, sampler, corrupt files, the new augmentations, early stopping, checkpoints, cache and evaluation as attributes.</summary>
public sealed class AttributeRunSettingsTests
{
    private const string Path = "/project/RunSettings.cs";

    private const string Declaration = """
        using TLDeclarative.Declarations;

        namespace Demo;

        [TransferLearning(CheckpointMonitor = Monitor.ValAccuracy, FeatureCacheViews = 3, TopK = 2, TestTimeAugmentation = true)]
        [Classes("cats", "dogs", "birds")]
        [Data("lists/train.csv", null, ValidationSplit = 0.2, ImageSize = 64, Sampler = Sampler.Weighted, CorruptFiles = CorruptFiles.Skip)]
        [Backbone("resnet18")]
        [Augmentation(HorizontalFlip = true, VerticalFlip = true, Brightness = 0.2, Contrast = 0.1, Saturation = 0.3, Hue = 0.05, RandomErasing = 0.25, Mixup = 0.2, CutMix = 1.0)]
        [Phase(1, "head", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-3, Epochs = 5, EarlyStoppingPatience = 2)]
        [Phase(2, "tune", FreezeUntil = "layer4", Optimizer = Optimizer.Adam, LearningRate = 1e-4, Epochs = 3,
            EarlyStoppingPatience = 1, EarlyStoppingMonitor = Monitor.ValF1, EarlyStoppingMinDelta = 0.01, EarlyStoppingRestoresBest = false)]
        public partial class RunSettings
        {
        }
        """;

    [Fact]
    public void Attributes_carry_the_settings_the_yaml_keys_do()
    {
        var (result, output) = AttributeRun.RunAndCompile((Path, Declaration));

        Assert.Empty(result.AllDiagnostics());
        var definition = (ExperimentDefinition)CompileCheck.Load((CSharpCompilation)output).GetType("Demo.RunSettings", throwOnError: true)!
            .GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var spec = SpecLoader.Load(definition.SpecText).Document!.Spec;

        Assert.Equal((string.Empty, 0.2, SamplerMode.Weighted, CorruptFilesMode.Skip), (spec.Data.Validation, spec.Data.ValidationSplit, spec.Data.Sampler, spec.Data.CorruptFiles));
        Assert.Equal(
            AugmentationSpec.None with
            {
                HorizontalFlip = true,
                VerticalFlip = true,
                Brightness = 0.2,
                Contrast = 0.1,
                Saturation = 0.3,
                Hue = 0.05,
                RandomErasing = 0.25,
                Mixup = 0.2,
                CutMix = 1.0,
            },
            spec.Augmentation);
        Assert.Equal([new EarlyStoppingSpec(MonitorKind.ValLoss, 2), new EarlyStoppingSpec(MonitorKind.ValF1, 1, 0.01, RestoreBest: false)], spec.Phases.Select(p => p.EarlyStopping));
        Assert.Equal((MonitorKind.ValAccuracy, new FeatureCacheSpec(FeatureCacheKind.Auto, 3), new EvaluationSpec(2, true)), (spec.CheckpointMonitor, spec.FeatureCache, spec.Evaluation));
        Assert.Equal(0.2, definition.Data.ValidationSplit);
        Assert.Equal(new Training.Callbacks.EarlyStoppingSettings(Training.Callbacks.MonitoredMetric.ValidationF1, 1, 0.01, RestoreBestWeights: false), definition.Phases[1].EarlyStopping);
        Assert.Equal(new Metrics.EvaluationSettings(2, true), definition.Evaluation);
    }

    [Theory]
    [InlineData("\"lists/train.csv\", null, ValidationSplit = 0.2,=>\"lists/train.csv\", \"data/val\", ValidationSplit = 0.2,", "TLD0019", "'validation' and 'ValidationSplit' cannot both be set in [Data]")]
    [InlineData("ValidationSplit = 0.2, =>", "TLD0020", "[Data] needs 'validation' or 'ValidationSplit'")]
    [InlineData("ValidationSplit = 0.2=>ValidationSplit = 1.5", "TLD0005", "'data.validation_split' must be a fraction of the training images in (0, 1), but is 1.5")]
    [InlineData("Epochs = 5, EarlyStoppingPatience = 2=>Epochs = 5, EarlyStoppingMinDelta = 0.1", "TLD0003", "Missing required key 'EarlyStoppingPatience' in [Phase(1, ...)] (early stopping)")]
    [InlineData("EarlyStoppingPatience = 2=>EarlyStoppingPatience = 0", "TLD0005", "'phases[0].early_stopping.patience' must be between 1 and 100000 epochs, but is 0")]
    [InlineData("TopK = 2=>TopK = 4", "TLD0005", "'evaluation.top_k' must be between 1 and 3 (the class count), but is 4")]
    [InlineData("Hue = 0.05=>Hue = 0.7", "TLD0005", "'augmentation.hue' must be between 0 and 0.5")]
    [InlineData("Sampler = Sampler.Weighted=>Sampler = (Sampler)5", "TLD0006", "Unknown sampler '5'")]
    public void Mistakes_are_the_yaml_diagnostics(string edit, string id, string message)
    {
        var cut = edit.IndexOf("=>", StringComparison.Ordinal);
        Assert.Contains(edit[..cut], Declaration, StringComparison.Ordinal);
        var source = Declaration.Replace(edit[..cut], edit[(cut + 2)..], StringComparison.Ordinal);

        var diagnostic = Assert.Single(AttributeRun.Run((Path, source)).AllDiagnostics());

        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.NotEqual(DiagnosticSeverity.Hidden, diagnostic.Severity);
    }
}
