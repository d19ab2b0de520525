using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TLDeclarative.Generators.Tests.Support;
using TLDeclarative.Spec;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// FreezeTrainLast, FreezeExcept, BatchNorm and LearningRateMultipliers on [Phase] mean what YAML's
/// freeze: { train_last | except }, batch_norm and lr_mult mean, with the same diagnostics at the argument.
/// </summary>
public sealed partial class AttributeTests
{
    private const string FreezePath = "/project/FreezePolicies.cs";

    // The attribute form of Specs/freeze-policies.tl.yaml; line numbers below are 0-based.
    private const string FreezePolicies = """
        using TLDeclarative.Declarations;

        namespace Demo;

        [TransferLearning]
        [Classes("cats", "dogs")]
        [Data("data/train", "data/validation", ImageSize = 150)]
        [Backbone("resnet18")]
        [Phase(1, "head", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1.0e-3, Epochs = 1)]
        [Phase(2, "top", FreezeTrainLast = 2, BatchNorm = BatchNorm.Trainable, Optimizer = Optimizer.Sgd, LearningRate = 1.0e-3, Momentum = 0.9, Epochs = 1)]
        [Phase(3, "globs", FreezeExcept = new[] { "layer4", "layer3.1.*" }, LearningRateMultipliers = new[] { "layer4=1.0", "layer3=0.1" },
            Optimizer = Optimizer.RmsProp, LearningRate = 1.0e-5, Epochs = 1)]
        public sealed partial class FreezePolicies
        {
        }
        """;

    /// <summary>id, 0-based line and column, the text found there, then "find=>replace" edits.</summary>
    public static TheoryData<string, int, int, string, string[]> FreezeMistakes() => new()
    {
        // Two freeze forms at once: TLD0004 at the second one written, as YAML's freeze mapping with two keys.
        { "TLD0004", 9, 53, "new[] { \"layer4\" }", ["FreezeTrainLast = 2,=>FreezeTrainLast = 2, FreezeExcept = new[] { \"layer4\" },"] },
        { "TLD0004", 8, 53, "\"layer4\"", ["Freeze = Freeze.All,=>Freeze = Freeze.All, FreezeUntil = \"layer4\","] },
        { "TLD0004", 10, 58, "[\"layer4\"]", ["\"globs\", =>\"globs\", FreezeUntil = \"layer3\", FreezeExcept = [\"layer4\"], Freeze = Freeze.None, ", "FreezeExcept = new[] { \"layer4\", \"layer3.1.*\" }, =>"] },
        // No freeze form at all: TLD0003 at the attribute.
        { "TLD0003", 9, 1, "Phase(2, \"top\", BatchNorm = BatchNorm.Trainable, Optimizer = Optimizer.Sgd, LearningRate = 1.0e-3, Momentum = 0.9, Epochs = 1)", ["FreezeTrainLast = 2, =>"] },
        // An except glob that reaches no stage: TLD0009 at the glob.
        { "TLD0009", 10, 42, "\"layr4\"", ["{ \"layer4\", \"layer3.1.*\" }=>{ \"layr4\", \"layer3.1.*\" }", "\"layer4=1.0\", =>"] },
        { "TLD0009", 10, 52, "\"layer9.*\"", ["\"layer3.1.*\"=>\"layer9.*\"", ", \"layer3=0.1\"=>"] },
        // train_last beyond the backbone's stages: TLD0005 at the count.
        { "TLD0005", 9, 35, "9", ["FreezeTrainLast = 2=>FreezeTrainLast = 9"] },
        // Multiplier text that is not "stage=number": TLD0004 at the string.
        { "TLD0004", 10, 116, "\"layer3=0,1\"", ["\"layer3=0.1\"=>\"layer3=0,1\""] },
        { "TLD0004", 10, 116, "\"layer3 0.1\"", ["\"layer3=0.1\"=>\"layer3 0.1\""] },
        { "TLD0004", 10, 116, "\"=0.1\"", ["\"layer3=0.1\"=>\"=0.1\""] },
        // Out of range, on a stage the freeze policy keeps frozen, on no stage, twice: TLD0005, TLD0005, TLD0009, TLD0008.
        { "TLD0005", 10, 116, "\"layer3=0\"", ["\"layer3=0.1\"=>\"layer3=0\""] },
        { "TLD0005", 10, 116, "\"layer2=0.1\"", ["\"layer3=0.1\"=>\"layer2=0.1\""] },
        { "TLD0009", 10, 116, "\"layr3=0.1\"", ["\"layer3=0.1\"=>\"layr3=0.1\""] },
        { "TLD0008", 10, 116, "\"layer4 = 0.5\"", ["\"layer3=0.1\"=>\"layer4 = 0.5\""] },
        // A schedule that sets one rate for all parameter groups: TLD0018 at the schedule.
        { "TLD0018", 11, 81, "Schedule.OneCycle", ["Epochs = 1)]\npublic=>Epochs = 1, Schedule = Schedule.OneCycle)]\npublic"] },
        // Not a member of the enum: TLD0006.
        { "TLD0006", 9, 50, "(BatchNorm)5", ["BatchNorm.Trainable=>(BatchNorm)5"] },
    };

    [Fact]
    public void Freeze_policy_attributes_carry_the_same_spec_as_the_yaml()
    {
        var (result, output) = AttributeRun.RunAndCompile((FreezePath, FreezePolicies));

        Assert.Empty(result.AllDiagnostics());
        var definition = LoadDefinition((CSharpCompilation)output, "Demo.FreezePolicies");
        var yamlSpec = SpecLoader.Load(TestFiles.Spec("freeze-policies").Text).Document!.Spec;
        Assert.Equal(yamlSpec, SpecLoader.Load(definition.SpecText).Document!.Spec);
    }

    [Fact]
    public void Freeze_policy_attributes_generate_the_same_code_as_the_yaml_apart_from_names()
    {
        var yaml = GeneratorRun.Run("Specs", TestFiles.Spec("freeze-policies")).SingleSource();
        var attributes = AttributeRun.Run((FreezePath, FreezePolicies));

        Assert.Empty(attributes.AllDiagnostics());
        Assert.Equal(Normalize(yaml, "FreezePolicies", "Specs"), Normalize(attributes.SingleSource(), "FreezePolicies", "Demo"));
    }

    [Theory]
    [MemberData(nameof(FreezeMistakes))]
    public void Freeze_policy_mistake_is_reported_at_the_attribute_argument(string id, int line, int column, string text, string[] edits)
    {
        var source = FreezePolicies;
        foreach (var edit in edits)
        {
            var cut = edit.IndexOf("=>", StringComparison.Ordinal);
            Assert.Contains(edit[..cut], source, StringComparison.Ordinal);
            source = source.Replace(edit[..cut], edit[(cut + 2)..], StringComparison.Ordinal);
        }

        var result = AttributeRun.Run((FreezePath, source));

        // The one error; a stricter freeze policy can add the TLD0011 warning on the phase after it.
        Assert.DoesNotContain(result.AllDiagnostics(), d => d.Id != id && d.Id != "TLD0011");
        var diagnostic = Assert.Single(result.AllDiagnostics(), d => d.Id == id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((id, FreezePath, line, column), (diagnostic.Id, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal(text, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(result.GeneratedTrees);
    }

    [Theory]
    [InlineData("\"layer3=0.1\"=>\"layer3=0,1\"", "'phases[2].lr_mult.layer3' must be a finite number, but the value is '0,1'")]
    [InlineData("\"layer3=0.1\"=>\"layer3\"", "'phases[2].lr_mult[1]' must be \"stage=multiplier\", such as \"layer3=0.1\", but the value is \"layer3\"")]
    [InlineData("\"layer3=0.1\"=>\"layer2=0.1\"", "'phases[2].lr_mult.layer2' must be set only for a stage that trains in phase 'globs', but is layer2, which the freeze policy keeps frozen")]
    [InlineData("FreezeTrainLast = 2,=>FreezeTrainLast = 2, Freeze = Freeze.None,", "'phases[1].freeze' must be exactly one of Freeze, FreezeUntil, FreezeTrainLast or FreezeExcept, but the value is FreezeTrainLast and Freeze")]
    public void Freeze_policy_mistakes_say_what_is_wrong(string edit, string message)
    {
        var cut = edit.IndexOf("=>", StringComparison.Ordinal);
        Assert.Contains(edit[..cut], FreezePolicies, StringComparison.Ordinal);
        var source = FreezePolicies.Replace(edit[..cut], edit[(cut + 2)..], StringComparison.Ordinal);

        var diagnostic = Assert.Single(AttributeRun.Run((FreezePath, source)).AllDiagnostics());

        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }
}
