using System.Globalization;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// Mistakes in experiment attributes are the same TLD diagnostics as in YAML, at the attribute
/// argument in the .cs file (0-based line and column here: editor line 10, column 33 is Line 9,
/// Character 32); mistakes in the class itself are TLD0100-TLD0102.
/// </summary>
public sealed class AttributeDiagnosticTests
{
    private const string Path = "/project/Broken.cs";

    // Each case edits this valid declaration; line numbers below are 0-based.
    private const string Valid = """
        using TLDeclarative.Declarations;

        namespace Demo;

        [TransferLearning]
        [Classes("cats", "dogs")]
        [Data("data/train", "data/validation", ImageSize = 96, BatchSize = 8)]
        [Backbone("resnet18")]
        [Phase(1, "head", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-3, Epochs = 2)]
        [Phase(2, "tune", FreezeUntil = "layer4", Optimizer = Optimizer.Sgd, LearningRate = 1e-4, Momentum = 0.9, Epochs = 2)]
        public partial class Broken
        {
        }
        """;

    /// <summary>id, severity, 0-based line and column, then "find=>replace" edits.</summary>
    public static TheoryData<string, DiagnosticSeverity, int, int, string[]> Cases() => new()
    {
        // The same rules as YAML, at the argument.
        { "TLD0002", DiagnosticSeverity.Error, 9, 102, ["Optimizer.Sgd=>Optimizer.Adam"] },
        { "TLD0003", DiagnosticSeverity.Error, 4, 1, ["[Classes(\"cats\", \"dogs\")]=>"] },
        { "TLD0003", DiagnosticSeverity.Error, 8, 1, [", Epochs = 2)]\n[Phase(2=>)]\n[Phase(2"] },
        { "TLD0004", DiagnosticSeverity.Error, 9, 54, ["FreezeUntil = =>Freeze = Freeze.None, FreezeUntil = "] },
        { "TLD0004", DiagnosticSeverity.Error, 6, 69, ["ImageSize = 96=>ImageSize = 96, ImageHeight = 96"] },
        { "TLD0005", DiagnosticSeverity.Error, 8, 82, ["LearningRate = 1e-3=>LearningRate = 0"] },
        { "TLD0005", DiagnosticSeverity.Error, 9, 7, ["[Phase(2=>[Phase(3"] },
        { "TLD0006", DiagnosticSeverity.Error, 8, 51, ["Optimizer = Optimizer.Adam=>Optimizer = (Optimizer)7"] },
        { "TLD0007", DiagnosticSeverity.Error, 10, 21, ["class Broken=>class broken"] },
        { "TLD0008", DiagnosticSeverity.Error, 5, 17, ["\"dogs\"=>\"Cats\""] },
        { "TLD0008", DiagnosticSeverity.Error, 5, 25, ["[Classes(\"cats\", \"dogs\")]=>[Classes(new[] { \"cats\", \"Cats\" })]"] },
        { "TLD0008", DiagnosticSeverity.Error, 5, 18, ["[Classes(\"cats\", \"dogs\")]=>[Classes([\"cats\", \"Cats\"])]"] },
        { "TLD0008", DiagnosticSeverity.Error, 9, 7, ["[Phase(2=>[Phase(1"] },
        { "TLD0009", DiagnosticSeverity.Error, 9, 32, ["\"layer4\"=>\"layr4\""] },
        { "TLD0010", DiagnosticSeverity.Error, 6, 51, ["ImageSize = 96=>ImageSize = 16"] },
        { "TLD0011", DiagnosticSeverity.Warning, 9, 27, ["Freeze = Freeze.All=>Freeze = Freeze.None", "FreezeUntil = \"layer4\"=>Freeze = Freeze.All"] },
        { "TLD0013", DiagnosticSeverity.Error, 5, 1, ["[Classes(\"cats\", \"dogs\")]=>[Classes(\"cats\")]"] },

        // The class itself.
        { "TLD0100", DiagnosticSeverity.Error, 10, 13, ["public partial class=>public class"] },
        { "TLD0101", DiagnosticSeverity.Error, 10, 28, ["public partial class Broken=>public static partial class Broken"] },
        { "TLD0101", DiagnosticSeverity.Error, 10, 30, ["public partial class Broken=>public abstract partial class Broken"] },
        { "TLD0101", DiagnosticSeverity.Error, 10, 21, ["class Broken=>class Broken<T>"] },
        { "TLD0101", DiagnosticSeverity.Error, 10, 21, ["class Broken=>class Broken : System.Exception"] },
        { "TLD0101", DiagnosticSeverity.Error, 10, 22, ["partial class Broken=>partial record Broken"] },
    };

    [Fact]
    public void Valid_declaration_has_no_diagnostics_and_generates_its_part()
    {
        var result = AttributeRun.Run((Path, Valid));

        Assert.Empty(result.AllDiagnostics());
        Assert.EndsWith("Broken.g.cs", Assert.Single(result.GeneratedTrees).FilePath, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mistake_is_reported_at_the_attribute_argument(string id, DiagnosticSeverity severity, int line, int column, string[] edits)
    {
        var source = Edit(edits);

        var result = AttributeRun.Run((Path, source));

        var diagnostic = Assert.Single(result.AllDiagnostics(), d => d.Id == id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((id, severity, Path, line, column), (diagnostic.Id, diagnostic.Severity, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal(severity == DiagnosticSeverity.Warning ? 1 : 0, result.GeneratedTrees.Length);
    }

    [Fact]
    public void Unknown_freeze_stage_says_what_the_yaml_front_end_says_and_points_at_the_string()
    {
        var source = Edit(["\"layer4\"=>\"layr4\""]);

        var diagnostic = Assert.Single(AttributeRun.Run((Path, source)).AllDiagnostics());

        Assert.Equal(
            "Backbone 'resnet18' has no stage 'layr4' (did you mean 'layer4'?); its stages are: stem, layer1, layer2, layer3, layer4",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("\"layr4\"", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void Zero_learning_rate_names_the_spec_path()
    {
        var diagnostic = Assert.Single(AttributeRun.Run((Path, Edit(["LearningRate = 1e-3=>LearningRate = 0"]))).AllDiagnostics());

        Assert.Equal("'phases[0].optimizer.learning_rate' must be greater than 0 and at most 1, but is 0", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Class_that_is_not_partial_says_how_to_fix_it()
    {
        var diagnostic = Assert.Single(AttributeRun.Run((Path, Edit(["public partial class=>public class"]))).AllDiagnostics());

        Assert.Equal(
            "Class 'Broken' has [TransferLearning] but is not partial; declare it 'partial' so the generator can add the experiment's members",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("docs/diagnostics.md#tld0100", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Nested_class_is_reported_at_its_name()
    {
        const string source = """
            using TLDeclarative.Declarations;

            namespace Demo;

            public static partial class Outer
            {
                [TransferLearning]
                [Classes("cats", "dogs")]
                [Data("data/train", "data/validation", ImageSize = 96)]
                [Backbone("resnet18")]
                [Phase(1, "head", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-3, Epochs = 2)]
                public partial class Broken
                {
                }
            }
            """;

        var diagnostic = Assert.Single(AttributeRun.Run((Path, source)).AllDiagnostics());

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("TLD0101", 11, 25), (diagnostic.Id, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("'Broken' cannot hold a generated experiment: it is nested in 'Outer'; declare it directly in a namespace", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Experiment_attribute_on_another_part_of_the_class_is_reported_there()
    {
        const string otherPath = "/project/Broken.Phases.cs";
        var main = Edit(["[Phase(2, \"tune\", FreezeUntil = \"layer4\", Optimizer = Optimizer.Sgd, LearningRate = 1e-4, Momentum = 0.9, Epochs = 2)]\n=>"]);
        const string other = """
            using TLDeclarative.Declarations;

            namespace Demo;

            [Phase(2, "tune", FreezeUntil = "layer4", Optimizer = Optimizer.Sgd, LearningRate = 1e-4, Epochs = 2)]
            public partial class Broken
            {
            }
            """;

        var result = AttributeRun.Run((Path, main), (otherPath, other));

        var diagnostic = Assert.Single(result.AllDiagnostics());
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("TLD0102", otherPath, 4, 1), (diagnostic.Id, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("[Phase] must be on the declaration of 'Broken' that carries [TransferLearning], so the whole experiment reads in one place", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Same_experiment_in_yaml_and_attributes_is_generated_once_and_reported_at_the_class()
    {
        var yaml = ("/project/broken.tl.yaml", """
            experiment: Broken
            classes: [cats, dogs]
            data: { train: t, validation: v, image_size: 96 }
            backbone: { name: resnet18 }
            phases:
              - { name: only, freeze: all, optimizer: { adam: { learning_rate: 0.001 } }, epochs: 1 }
            """);

        var result = AttributeRun.CreateDriver(GeneratorRun.RootNamespace, yaml).RunGenerators(AttributeRun.Compilation((Path, Valid))).GetRunResult();

        var diagnostic = Assert.Single(result.AllDiagnostics());
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("TLD0008", Path, 10, 21), (diagnostic.Id, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void Two_attribute_experiments_with_one_name_in_one_file_do_not_break_the_generator()
    {
        var second = Valid.Replace("namespace Demo;", "namespace Demo.Other\n{", StringComparison.Ordinal) + "\n}\n";
        var source = Valid.Replace("namespace Demo;", "namespace Demo\n{", StringComparison.Ordinal) + "\n}\n" + second[second.IndexOf("namespace", StringComparison.Ordinal)..];

        var result = AttributeRun.Run((Path, source));

        Assert.Equal("TLD0008", Assert.Single(result.AllDiagnostics()).Id);
        Assert.Single(result.GeneratedTrees);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
    }

    [Fact]
    public void Attributes_that_do_not_bind_are_left_to_the_compiler()
    {
        var result = AttributeRun.Run((Path, Edit(["Epochs = 2)]\n[Phase(2=>Epochs = \"two\")]\n[Phase(2"])));

        Assert.Empty(result.AllDiagnostics());
        Assert.Empty(result.GeneratedTrees);
    }

    private static string Edit(string[] edits) => Edit(Valid, edits);

    private static string Edit(string source, string[] edits)
    {
        foreach (var edit in edits)
        {
            var cut = edit.IndexOf("=>", StringComparison.Ordinal);
            var find = edit[..cut];
            Assert.Contains(find, source, StringComparison.Ordinal);
            source = source.Replace(find, edit[(cut + 2)..], StringComparison.Ordinal);
        }

        return source;
    }
}
