using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec;

namespace TLDeclarative.Generators.Tests;

/// <summary>Optimizers, schedules, weight decay, nesterov and clipping set on [Phase] mean what the YAML keys mean.</summary>
public sealed class AttributeTrainingSettingsTests
{
    private const string Path = "/project/TrainingSettings.cs";

    // The attribute form of Specs/training-settings.tl.yaml.
    private const string Declaration = """
        using TLDeclarative.Declarations;

        namespace Demo;

        [TransferLearning(Output = "artifacts/settings")]
        [Classes("cats", "dogs")]
        [Data("data/train", "data/validation", ImageSize = 64, BatchSize = 8)]
        [Backbone("resnet18")]
        [Phase(1, "warm_cosine", Freeze = Freeze.All, Optimizer = Optimizer.AdamW, LearningRate = 1e-3, Epochs = 5,
            Schedule = Schedule.Cosine, WarmupEpochs = 1, MinLearningRate = 1e-6, MaxGradientNorm = 1.0)]
        [Phase(2, "plain_cosine", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-3, WeightDecay = 1e-4, Epochs = 2, Schedule = Schedule.Cosine)]
        [Phase(3, "stepped", FreezeUntil = "layer4", Optimizer = Optimizer.Sgd, LearningRate = 0.01, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4, Epochs = 4,
            Schedule = Schedule.Step, StepSize = 2, Gamma = 0.5)]
        [Phase(4, "cycled", FreezeUntil = "layer3", Optimizer = Optimizer.Sgd, LearningRate = 0.01, Epochs = 3,
            Schedule = Schedule.OneCycle, WarmupFraction = 0.25, MaxGradientNorm = 0.5)]
        [Phase(5, "plateau", Freeze = Freeze.None, Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Momentum = 0.5, WeightDecay = 1e-5, Epochs = 3,
            Schedule = Schedule.ReduceOnPlateau, Factor = 0.5, Patience = 1, MinLearningRate = 1e-7)]
        public partial class TrainingSettings
        {
        }
        """;

    [Fact]
    public void Attributes_carry_the_same_spec_as_the_yaml()
    {
        var (result, output) = AttributeRun.RunAndCompile((Path, Declaration));

        Assert.Empty(result.AllDiagnostics());
        var assembly = CompileCheck.Load((CSharpCompilation)output);
        var definition = (ExperimentDefinition)assembly.GetType("Demo.TrainingSettings", throwOnError: true)!
            .GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var yamlSpec = SpecLoader.Load(TestFiles.Spec("training-settings").Text).Document!.Spec;
        Assert.Equal(yamlSpec.Phases, SpecLoader.Load(definition.SpecText).Document!.Spec.Phases);
    }

    [Theory]
    [InlineData("Gamma = 0.5=>Gamma = 0.5, WarmupEpochs = 1", "TLD0002", "Unknown key 'WarmupEpochs' in the Step schedule")]
    [InlineData(", StepSize = 2=>", "TLD0003", "Missing required key 'StepSize'")]
    [InlineData("Optimizer = Optimizer.AdamW, LearningRate = 1e-3=>Optimizer = Optimizer.AdamW, Nesterov = true, LearningRate = 1e-3", "TLD0002", "Unknown key 'Nesterov' in the AdamW optimizer")]
    [InlineData("Factor = 0.5=>Factor = 1.5", "TLD0005", "'phases[4].schedule.factor' must be in (0, 1), but is 1.5")]
    [InlineData("MaxGradientNorm = 0.5=>MaxGradientNorm = -1", "TLD0005", "'phases[3].gradient_clipping.max_norm' must be greater than 0, but is -1")]
    [InlineData("Nesterov = true, =>Nesterov = true, WeightDecay = 2, ", "TLD0005", "'phases[2].optimizer.weight_decay' must be in [0, 1), but is 2")]
    [InlineData("Schedule = Schedule.OneCycle=>Schedule = (Schedule)9", "TLD0006", "Unknown schedule '9'")]
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
