using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TLDeclarative.Generators.Parsing.Attributes;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// The attribute front end describes the same experiments as YAML: the same spec model, hence the
/// same generated code, compiled as the other part of the user's class.
/// </summary>
public sealed partial class AttributeTests
{
    [Fact]
    public void Example_attributes_generate_the_same_code_as_the_yaml_example_apart_from_names()
    {
        var yaml = GeneratorRun.Run("CatsVsDogs", TestFiles.Spec("cats-vs-dogs")).SingleSource();
        var attributes = AttributeRun.CreateDriver("CatsVsDogsAttributes")
            .RunGenerators(AttributeRun.Compilation(AttributeRun.Example)).GetRunResult();

        Assert.Empty(attributes.AllDiagnostics());
        Assert.Equal(Normalize(yaml, "CatsVsDogs", "CatsVsDogs"), Normalize(attributes.SingleSource(), "CatsVsDogs", "CatsVsDogsAttributes"));
    }

    [Fact]
    public void Example_attribute_experiment_compiles_with_the_users_part_and_carries_an_equal_spec()
    {
        var (result, output) = AttributeRun.RunAndCompile(AttributeRun.Example);

        Assert.Empty(result.AllDiagnostics());
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var definition = LoadDefinition((CSharpCompilation)output, "CatsVsDogsAttributes.CatsVsDogs");
        Assert.Equal("CatsVsDogs", definition.Name);
        Assert.Equal("CatsVsDogs.cs", definition.SpecFile);
        var yamlSpec = SpecLoader.Load(TestFiles.Spec("cats-vs-dogs").Text).Document!.Spec;
        Assert.Equal(yamlSpec, SpecLoader.Load(definition.SpecText).Document!.Spec);
        Assert.StartsWith("# The CatsVsDogs experiment, written from its [TransferLearning] attributes.\n", definition.SpecText, StringComparison.Ordinal);
        Assert.Contains("- Trainable parameters: 13,114,881 (13,114,368 backbone + 513 head)", definition.TrainingPlan, StringComparison.Ordinal);
    }

    [Fact]
    public void Left_out_settings_take_the_yaml_defaults()
    {
        const string yaml = """
            experiment: Minimal
            classes: [a, b, c]
            data: { train: t, validation: v, image_size: 64 }
            backbone: { name: resnet18 }
            phases:
              - { name: only, freeze: none, optimizer: { sgd: { learning_rate: 0.01 } }, epochs: 1 }
            """;
        const string attributes = """
            using TLDeclarative.Declarations;

            namespace Demo;

            [TransferLearning]
            [Classes("a", "b", "c")]
            [Data("t", "v", ImageSize = 64)]
            [Backbone("resnet18")]
            [Phase(1, "only", Freeze = Freeze.None, Optimizer = Optimizer.Sgd, LearningRate = 0.01, Epochs = 1)]
            public sealed partial class Minimal
            {
            }
            """;

        var fromYaml = GeneratorRun.Run(("/project/minimal.tl.yaml", yaml)).SingleSource();
        var fromAttributes = AttributeRun.Run(("/project/Minimal.cs", attributes)).SingleSource();

        Assert.Equal(Normalize(fromYaml, "Minimal", "Demo"), Normalize(fromAttributes, "Minimal", "Demo"));
    }

    [Fact]
    public void Every_setting_reaches_the_definition()
    {
        const string source = """
            using TLDeclarative.Declarations;

            /// <summary>Every attribute and setting, odd strings included.</summary>
            [TransferLearning(Seed = 7, Output = "out/\"quoted\" \\ été\n")]
            [Classes("daisy", "roses", "tulips")]
            [Data("flowers/train", "flowers/validation", Test = "flowers/test", ImageHeight = 180, ImageWidth = 240, BatchSize = 16)]
            [Backbone("resnet18", Weights = "none")]
            [Head(Pooling = Pooling.GlobalMax)]
            [DenseLayer(3, units: 64, Activation = Activation.None)]
            [DropoutLayer(2, rate: 0.5)]
            [DenseLayer(1, units: 256)]
            [Augmentation(Rotation = 12.5, WidthShift = 0.1, HeightShift = 0.05, Shear = 3, Zoom = 0.1, HorizontalFlip = true, FillMode = Fill.Reflect)]
            [Phase(3, "everything", Freeze = Freeze.None, Optimizer = Optimizer.Sgd, LearningRate = 1e-6, Momentum = 0.9, Epochs = 2)]
            [Phase(1, "head_only", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 0.001, Epochs = 5)]
            [Phase(2, "top_stages", FreezeUntil = "layer3", Optimizer = Optimizer.RmsProp, LearningRate = 2.5e-5, Momentum = 0.5, Epochs = 4)]
            internal partial class Everything
            {
            }
            """;

        var (result, output) = AttributeRun.RunAndCompile(("/project/Everything.cs", source));

        Assert.Empty(result.AllDiagnostics());
        var code = result.SingleSource();
        Assert.Contains("\ninternal partial class Everything : Experiment<Everything.Label>\n", code, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace", code, StringComparison.Ordinal);
        var definition = LoadDefinition((CSharpCompilation)output, "Everything");
        var spec = SpecLoader.Load(definition.SpecText).Document!.Spec;
        Assert.Equal((7, "out/\"quoted\" \\ été\n"), (definition.Seed, definition.Output));
        Assert.Equal(["daisy", "roses", "tulips"], definition.Classes);
        Assert.Equal(new DataSettings("flowers/train", "flowers/validation", "flowers/test", 180, 240, 16), definition.Data);
        Assert.Equal(new Augmentation.AugmentationSettings(12.5, 0.1, 0.05, 3, 0.1, true, Augmentation.FillMode.Reflect), definition.Augmentation);
        Assert.Equal(["head_only", "top_stages", "everything"], definition.Phases.Select(p => p.Name));
        Assert.Equal(["all", "until layer3", "none"], definition.Phases.Select(p => p.Freeze.ToString()));
        Assert.Equal([(1, 5), (6, 9), (10, 11)], definition.Phases.Select(p => (p.FirstEpoch, p.LastEpoch)));
        Assert.Equal("none", spec.Backbone.Weights);
        Assert.Equal(Spec.Model.PoolingKind.GlobalMax, spec.Head.Pooling);
        Assert.Equal(["Dense 256 Relu", "Dropout 0.5", "Dense 64 None"], spec.Head.Layers.Select(l =>
            l.Kind == Spec.Model.HeadLayerKind.Dropout ? "Dropout " + l.DropoutRate.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Dense " + l.Units + " " + l.Activation));
        Assert.Equal(
            [new(Spec.Model.OptimizerKind.Adam, 0.001, 0), new(Spec.Model.OptimizerKind.RmsProp, 2.5e-5, 0.5), new Spec.Model.OptimizerSpec(Spec.Model.OptimizerKind.Sgd, 1e-6, 0.9)],
            spec.Phases.Select(p => p.Optimizer));
        Assert.Contains("\"out/\\\"quoted\\\" \\\\ été\\n\"", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_enum_tables_match_the_run_time_enums()
    {
        AssertMembers(typeof(Declarations.Pooling), EnumMembers.Poolings.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Activation), EnumMembers.Activations.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Fill), EnumMembers.FillModes.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Freeze), EnumMembers.Freezes.Select(m => m.Name));
        AssertMembers(typeof(Declarations.BatchNorm), EnumMembers.BatchNorms.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Optimizer), EnumMembers.Optimizers.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Schedule), EnumMembers.Schedules.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Monitor), EnumMembers.Monitors.Select(m => m.Name));
        AssertMembers(typeof(Declarations.Sampler), EnumMembers.Samplers.Select(m => m.Name));
        AssertMembers(typeof(Declarations.CorruptFiles), EnumMembers.CorruptFiles.Select(m => m.Name));
        AssertMembers(typeof(Declarations.FeatureCache), EnumMembers.FeatureCaches.Select(m => m.Name));

        static void AssertMembers(Type type, IEnumerable<string> names) =>
            Assert.Equal(names.Select((name, value) => (name, value)), Enum.GetValues(type).Cast<object>().Select(v => (Enum.GetName(type, v)!, (int)v)));
    }

    [Fact]
    public void Every_declaration_attribute_is_read_and_applies_to_classes_only()
    {
        var attributes = typeof(Declarations.TransferLearningAttribute).Assembly.GetTypes()
            .Where(t => t.Namespace == AttributeNames.Namespace && typeof(Attribute).IsAssignableFrom(t))
            .ToList();

        Assert.Equal(AttributeNames.All.Order(StringComparer.Ordinal), attributes.Select(t => t.Name[..^"Attribute".Length]).Order(StringComparer.Ordinal));
        Assert.Equal(AttributeNames.TransferLearning, typeof(Declarations.TransferLearningAttribute).FullName);
        Assert.All(attributes, t => Assert.Equal(AttributeTargets.Class, t.GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn));
        Assert.All(attributes, t => Assert.False(t.GetCustomAttribute<AttributeUsageAttribute>()!.Inherited));
    }

    [Fact]
    public void Unrelated_edit_reuses_every_step_and_the_pipeline_holds_only_plain_data()
    {
        var compilation = AttributeRun.Compilation(AttributeRun.Example, ("/project/Other.cs", "namespace Demo; public static class Other { }"));
        var driver = AttributeRun.CreateDriver("CatsVsDogsAttributes").RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees[1],
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Other { public static int Answer => 42; }", AttributeRun.ParseOptions, "/project/Other.cs"));

        var second = driver.RunGenerators(edited).GetRunResult().Results[0];

        PipelineAssert.AllCachedOrUnchanged(second);
        PipelineAssert.HoldsOnlyPlainData(second);
        Assert.Single(second.GeneratedSources);
    }

    [Fact]
    public void Editing_the_attributes_regenerates_the_part()
    {
        var compilation = AttributeRun.Compilation(AttributeRun.Example);
        var driver = AttributeRun.CreateDriver("CatsVsDogsAttributes").RunGenerators(compilation);
        var (path, text) = AttributeRun.Example;
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText(text.Replace("Seed = 42", "Seed = 43", StringComparison.Ordinal), AttributeRun.ParseOptions, path));

        var second = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.Equal([IncrementalStepRunReason.Modified], PipelineAssert.Reasons(second, TrackingNames.AttributeClasses));
        Assert.Contains("Seed = 43,", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The code with the experiment's names made neutral: class and namespace, spec file, and the SpecText literal.</summary>
    private static string Normalize(string code, string experiment, string @namespace)
    {
        var lines = code.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimStart().StartsWith("SpecText =", StringComparison.Ordinal));
        var end = lines.FindIndex(start, l => l.TrimStart().StartsWith("TrainingPlan =", StringComparison.Ordinal));
        lines.RemoveRange(start, end - start);
        var text = string.Join('\n', lines);
        text = GeneratedFrom().Replace(text, "Generated by TLDeclarative from SPEC.");
        text = SpecFile().Replace(text, "SpecFile = SPEC,");
        text = text.Replace("namespace " + @namespace + ";", "namespace NAMESPACE;", StringComparison.Ordinal);
        return Regex.Replace(text, @"\b" + experiment + @"\b", "EXPERIMENT");
    }

    private static ExperimentDefinition LoadDefinition(CSharpCompilation compilation, string typeName)
    {
        var assembly = CompileCheck.Load(compilation);
        var property = assembly.GetType(typeName, throwOnError: true)!.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!;
        return (ExperimentDefinition)property.GetValue(null)!;
    }

    [GeneratedRegex(@"Generated by TLDeclarative from [^ ]+\.")]
    private static partial Regex GeneratedFrom();

    [GeneratedRegex("SpecFile = \"[^\"]*\",")]
    private static partial Regex SpecFile();
}
