using System.Reflection;
using TLDeclarative.Augmentation;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Training;

namespace TLDeclarative.Generators.Tests;

/// <summary>Generated code compiles warning-free against the real run time, and holds what the spec says.</summary>
public sealed class CompileTests
{
    [Theory]
    [InlineData("cats-vs-dogs")]
    [InlineData("flowers")]
    [InlineData("fashion-sgd")]
    [InlineData("odd-strings")]
    [InlineData("training-settings")]
    [InlineData("data-and-callbacks")]
    [InlineData("onnx-backbone")]
    [InlineData("custom-weights")]
    public void Generated_code_compiles_without_warnings(string spec)
    {
        var code = GeneratorRun.Run(TestFiles.Spec(spec)).SingleSource();

        var compilation = CompileCheck.Compile("Generated_" + spec.Replace('-', '_'), code);

        var problems = CompileCheck.Problems(compilation);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Example_definition_holds_the_spec()
    {
        var (path, text) = TestFiles.Spec("cats-vs-dogs");
        var definition = LoadDefinition(GeneratorRun.Run((path, text)).SingleSource(), "Demo.CatsVsDogs");

        Assert.Equal("CatsVsDogs", definition.Name);
        Assert.Equal("cats-vs-dogs.tl.yaml", definition.SpecFile);
        Assert.Equal(text, definition.SpecText);
        Assert.Equal(["cats", "dogs"], definition.Classes);
        Assert.Equal(new DataSettings("data/train", "data/validation", null, 150, 150, 32), definition.Data);
        Assert.Equal(new AugmentationSettings(20, 0.2, 0.2, 0.2, 0.2, true, FillMode.Nearest), definition.Augmentation);
        Assert.Equal([(1, 3), (4, 6)], definition.Phases.Select(p => (p.FirstEpoch, p.LastEpoch)));
        Assert.Equal(["all", "until layer4"], definition.Phases.Select(p => p.Freeze.ToString()));
    }

    [Fact]
    public void Custom_weights_are_fetched_by_url_and_hash_at_run_time()
    {
        var code = GeneratorRun.Run(TestFiles.Spec("custom-weights")).SingleSource();

        Assert.Contains("var backbone = BackboneCatalog.Create(\"mobilenet_v2\", new System.Uri(\"https://models.example/team/mobilenet_v2-ft.pth\"), \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\");", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_strings_reach_the_definition_unchanged()
    {
        var (path, text) = TestFiles.Spec("odd-strings");
        var definition = LoadDefinition(GeneratorRun.Run((path, text)).SingleSource(), "Demo.OddStrings");

        Assert.Equal(text, definition.SpecText);
        Assert.Equal("données/\"entraînement\"\\train\t{0}", definition.Data.Train);
        Assert.Equal("C:\\data\\val 'quoted' */ //", definition.Data.Validation);
        Assert.Equal("artifacts/\u00e9t\u00e9 \U0001F600 \u2028end", definition.Output);
    }

    [Fact]
    public void Numbers_round_trip_exactly()
    {
        var definition = LoadDefinition(GeneratorRun.Run(TestFiles.Spec("flowers")).SingleSource(), "Demo.Flowers");

        Assert.Equal(12.5, definition.Augmentation.Rotation);
        Assert.Equal(0.1, definition.Augmentation.Zoom);
        Assert.Equal(FillMode.Constant, definition.Augmentation.FillMode);
        Assert.Equal("flowers/test", definition.Data.Test);
        Assert.Equal([(1, 5), (6, 9), (10, 11)], definition.Phases.Select(p => (p.FirstEpoch, p.LastEpoch)));
    }

    [Fact]
    public void Long_spec_text_stays_one_literal_and_round_trips()
    {
        var (path, text) = TestFiles.Spec("cats-vs-dogs");
        var longText = text + string.Concat(Enumerable.Range(0, 5000).Select(i => "# note " + i + "\n"));

        var code = GeneratorRun.Run((path, longText)).SingleSource();
        var definition = LoadDefinition(code, "Demo.CatsVsDogs");

        Assert.Equal(longText, definition.SpecText);
        Assert.Contains("SpecText = \"# yaml-language-server: $schema=", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedules_and_clipping_reach_the_definition()
    {
        var definition = LoadDefinition(GeneratorRun.Run(TestFiles.Spec("training-settings")).SingleSource(), "Demo.TrainingSettings");

        Assert.Equal(
            [ScheduleStep.Epoch, ScheduleStep.Epoch, ScheduleStep.Epoch, ScheduleStep.Batch, ScheduleStep.ValidationLoss],
            definition.Phases.Select(p => p.Schedule!.Step));
        Assert.Equal([1.0, null, null, 0.5, null], definition.Phases.Select(p => p.MaxGradientNorm));
    }

    [Fact]
    public void Data_options_augmentations_and_callbacks_reach_the_definition()
    {
        var (path, text) = TestFiles.Spec("data-and-callbacks");
        var definition = LoadDefinition(GeneratorRun.Run((path, text)).SingleSource(), "Demo.DataAndCallbacks");

        Assert.Equal(
            new DataSettings("lists/train.csv", string.Empty, "lists/test.tsv", 64, 64, 8)
            {
                ValidationSplit = 0.2,
                ClassWeights = definition.Data.ClassWeights,
                Sampler = Data.SamplerKind.Weighted,
                CorruptFiles = Data.CorruptFilePolicy.Skip,
            },
            definition.Data);
        // Explicit weights arrive in class order (cats, dogs, birds), whatever order the spec wrote them in.
        Assert.Equal(Data.ClassWeightMode.Explicit, definition.Data.ClassWeights.Mode);
        Assert.Equal([1.0, 1.5, 3.0], definition.Data.ClassWeights.Weights);
        Assert.Equal(
            new AugmentationSettings(0, 0, 0, 0, 0, true, FillMode.Nearest)
            {
                VerticalFlip = true,
                Brightness = 0.2,
                Contrast = 0.2,
                Saturation = 0.3,
                Hue = 0.05,
                RandomResizedCrop = new RandomResizedCropSettings(MinScale: 0.5),
                RandomErasing = 0.25,
            },
            definition.Augmentation);
        Assert.Equal(new Caching.FeatureCacheSettings(Caching.FeatureCacheMode.Auto, Views: 4), definition.FeatureCache);
        Assert.Equal(new Training.Callbacks.CheckpointSettings(Training.Callbacks.MonitoredMetric.ValidationF1), definition.Checkpoints);
        Assert.Equal(new Metrics.EvaluationSettings(TopK: 2, TestTimeAugmentation: true), definition.Evaluation);
        Assert.Equal(
            [
                new Training.Callbacks.EarlyStoppingSettings(Training.Callbacks.MonitoredMetric.ValidationLoss, 3),
                new Training.Callbacks.EarlyStoppingSettings(Training.Callbacks.MonitoredMetric.ValidationAccuracy, 2, 0.005, RestoreBestWeights: false),
            ],
            definition.Phases.Select(p => p.EarlyStopping));
    }

    [Fact]
    public void Normalized_spec_is_the_writers_text_and_is_what_the_hash_covers()
    {
        var (path, text) = TestFiles.Spec("data-and-callbacks");
        var definition = LoadDefinition(GeneratorRun.Run((path, text)).SingleSource(), "Demo.DataAndCallbacks");
        var spec = Spec.SpecLoader.Load(text).Document!.Spec;

        Assert.Equal(Spec.Yaml.SpecYamlWriter.Write(spec), definition.NormalizedSpec);
        Assert.Equal(spec, Spec.SpecLoader.Load(definition.NormalizedSpec!).Document!.Spec);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(definition.NormalizedSpec!))),
            definition.SpecHash);
    }

    [Fact]
    public void Defaults_leave_the_new_settings_at_the_run_times_defaults()
    {
        var definition = LoadDefinition(GeneratorRun.Run(TestFiles.Spec("cats-vs-dogs")).SingleSource(), "Demo.CatsVsDogs");

        Assert.Same(Caching.FeatureCacheSettings.Auto, definition.FeatureCache);
        Assert.Same(Training.Callbacks.CheckpointSettings.Default, definition.Checkpoints);
        Assert.Same(Metrics.EvaluationSettings.Default, definition.Evaluation);
        Assert.All(definition.Phases, p => Assert.Null(p.EarlyStopping));
        Assert.Same(Data.ClassWeights.None, definition.Data.ClassWeights);
    }

    private static ExperimentDefinition LoadDefinition(string code, string typeName)
    {
        var assembly = CompileCheck.Load(CompileCheck.Compile(typeName.Replace('.', '_'), code));
        var property = assembly.GetType(typeName, throwOnError: true)!.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!;
        return (ExperimentDefinition)property.GetValue(null)!;
    }
}
