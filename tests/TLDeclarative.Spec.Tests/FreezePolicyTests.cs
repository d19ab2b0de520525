using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Text;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>freeze: { train_last } / { except }, batch_norm and lr_mult: read, written back, checked, planned.</summary>
public sealed class FreezePolicyTests
{
    private static string Spec(string phase) => $$"""
        experiment: Freezing
        classes: [cats, dogs]
        data: { train: t, validation: v, image_size: 150 }
        backbone: { name: resnet18 }
        phases:
          - name: head
            freeze: all
            optimizer: { adam: { learning_rate: 1.0e-4 } }
            epochs: 1
          - name: tune
        {{phase}}
            optimizer: { adam: { learning_rate: 1.0e-5 } }
            epochs: 1
        """;

    [Fact]
    public void New_forms_read_and_round_trip()
    {
        var result = SpecLoader.Load(Spec("""
                freeze: { except: [layer4, "layer3.1.*"] }
                batch_norm: trainable
                lr_mult: { layer4: 1.0, layer3: 0.1 }
            """));

        Assert.Empty(result.Diagnostics);
        var phase = result.Document!.Spec.Phases[1];
        Assert.Equal(FreezeKind.Except, phase.Freeze.Kind);
        Assert.Equal(["layer4", "layer3.1.*"], phase.Freeze.Patterns);
        Assert.Equal(BatchNormMode.Trainable, phase.BatchNorm);
        Assert.Equal([new StageMultiplier("layer4", 1.0), new StageMultiplier("layer3", 0.1)], phase.LearningRateMultipliers);
        var text = SpecYamlWriter.Write(result.Document.Spec);
        Assert.Contains("    freeze: { except: [layer4, \"layer3.1.*\"] }\n    batch_norm: trainable\n    lr_mult: { layer4: 1, layer3: 0.1 }\n", text, StringComparison.Ordinal);
        Assert.Equal(result.Document.Spec, SpecReader.Read(text).Document!.Spec);
    }

    [Fact]
    public void Train_last_freezes_the_stages_before_the_last_n()
    {
        var result = SpecLoader.Load(Spec("    freeze: { train_last: 2 }"));

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal(FreezeSpec.TrainLast(2), spec.Phases[1].Freeze);
        var plan = TrainingPlan.For(spec).Phases[1];
        Assert.Equal(["layer3", "layer4"], plan.TrainableStages);
        Assert.Equal(["stem", "layer1", "layer2"], plan.FrozenStages);
        Assert.Contains("- Freeze policy: train the last 2", TrainingPlan.For(spec).ToMarkdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    freeze: { train_last: 6 }", "TLD0005", "'phases[1].freeze.train_last' must be")]
    [InlineData("    freeze: { except: [layr4] }", "TLD0009", "Backbone 'resnet18' has no stage 'layr4' (did you mean 'layer4'?)")]
    [InlineData("    freeze: { except: [\"block9.*\"] }", "TLD0009", "has no stage 'block9.*'")]
    [InlineData("    freeze: { until: layer4 }\n    lr_mult: { layer3: 0.1 }", "TLD0005", "set only for a stage that trains in phase 'tune'")]
    [InlineData("    freeze: none\n    lr_mult: { layer3: 0 }", "TLD0005", "'phases[1].lr_mult.layer3' must be")]
    [InlineData("    freeze: none\n    lr_mult: { layer9: 1 }", "TLD0002", "Unknown key 'layer9' in lr_mult")]
    [InlineData("    freeze: none\n    batch_norm: learning", "TLD0006", "Unknown BatchNorm policy 'learning'")]
    [InlineData("    freeze: { until: layer4, train_last: 1 }", "TLD0004", "exactly one of")]
    public void Mistakes_are_reported_at_build_time(string phase, string id, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(Spec(phase)).Diagnostics, d => d.Id == id);

        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_shows_the_batch_norm_policy_and_the_multipliers()
    {
        var spec = SpecLoader.Load(Spec("""
                freeze: { until: layer3 }
                batch_norm: trainable
                lr_mult: { layer3: 0.1 }
            """)).Document!.Spec;

        var plan = TrainingPlan.For(spec).ToMarkdown();

        Assert.Contains("- Frozen: stem, layer1, layer2; BatchNorm: training (batch_norm: trainable", plan, StringComparison.Ordinal);
        Assert.Contains("- Learning-rate multipliers: layer3 x0.1; the rest and the head x1", plan, StringComparison.Ordinal);
        Assert.Contains("- Frozen: the whole backbone (stem, layer1, layer2, layer3, layer4); BatchNorm: inference (frozen)", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("layer4", "layer4", true)]
    [InlineData("layer*", "layer12", true)]
    [InlineData("layer?", "layer12", false)]
    [InlineData("layer3.1.*", "layer3.1.weight", true)]
    [InlineData("layer3.1.*", "layer3.10.weight", false)]
    [InlineData("*.bias", "stem.0.bias", true)]
    public void Globs_match_whole_names(string pattern, string name, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, name));
}
