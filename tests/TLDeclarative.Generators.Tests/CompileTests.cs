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

    private static ExperimentDefinition LoadDefinition(string code, string typeName)
    {
        var assembly = CompileCheck.Load(CompileCheck.Compile(typeName.Replace('.', '_'), code));
        var property = assembly.GetType(typeName, throwOnError: true)!.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!;
        return (ExperimentDefinition)property.GetValue(null)!;
    }
}
