using System.Reflection;
using TLDeclarative.Freezing;
using TLDeclarative.Generators.Tests.Support;

namespace TLDeclarative.Generators.Tests;

/// <summary>Freeze policies, the BatchNorm policy and lr_mult are emitted as readable calls that compile and carry the spec.</summary>
public sealed class FreezePolicyEmitTests
{
    [Fact]
    public void Policies_are_emitted_as_readable_calls_and_reach_the_definition()
    {
        var code = GeneratorRun.Run(TestFiles.Spec("freeze-policies")).SingleSource();

        Assert.Contains("Freeze: FreezePolicy.LastStages(2),", code, StringComparison.Ordinal);
        Assert.Contains("Freeze: FreezePolicy.Matching(\"layer4\", \"layer3.1.*\"),", code, StringComparison.Ordinal);
        Assert.Contains("BatchNorm = BatchNormPolicy.Trainable,", code, StringComparison.Ordinal);
        Assert.Contains("LearningRateMultipliers = [new(\"layer4\", 1), new(\"layer3\", 0.1)],", code, StringComparison.Ordinal);
        var compilation = CompileCheck.Compile("Generated_freeze_policies", code);
        var problems = CompileCheck.Problems(compilation);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var type = CompileCheck.Load(compilation).GetTypes().Single(t => t.Name == "FreezePolicies");
        var definition = (ExperimentDefinition)type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(["all", "train the last 2", "all except layer4, layer3.1.*"], definition.Phases.Select(p => p.Freeze.ToString()));
        Assert.Equal([BatchNormPolicy.Frozen, BatchNormPolicy.Trainable, BatchNormPolicy.Frozen], definition.Phases.Select(p => p.BatchNorm));
        Assert.Equal([("layer4", 1.0), ("layer3", 0.1)], definition.Phases[2].LearningRateMultipliers.Select(m => (m.Stage, m.Multiplier)));
    }
}
