using System.Globalization;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;

namespace TLDeclarative.Spec.Tests;

/// <summary>The build-time training plan: the numbers a reviewer reads before training.</summary>
public sealed class TrainingPlanTests
{
    // The example's experiment (examples/CatsVsDogs): a frozen ResNet-18 and a dropout head, then layer4 fine-tuned.
    private const string Example = """
        experiment: CatsVsDogs
        classes: [cats, dogs]
        data: { train: data/train, validation: data/validation, image_size: [150, 150], batch_size: 32 }
        backbone: { name: resnet18, weights: imagenet }
        head: { pooling: global_average, layers: [ { dropout: 0.2 } ] }
        augmentation: { rotation: 20, width_shift: 0.2, height_shift: 0.2, shear: 0.2, zoom: 0.2, horizontal_flip: true, fill_mode: nearest }
        phases:
          - { name: feature_extraction, freeze: all, optimizer: { adam: { learning_rate: 1.0e-4 } }, epochs: 3 }
          - { name: fine_tuning, freeze: { until: layer4 }, optimizer: { rmsprop: { learning_rate: 1.0e-5 } }, epochs: 3 }
        """;

    [Fact]
    public void Example_phases_train_the_head_then_layer4_and_the_head()
    {
        var plan = TrainingPlan.For(Load(Example));

        Assert.Equal(15_897_152, plan.BackboneParameters);
        Assert.Equal(512 + 1, plan.HeadParameters);
        var (first, second) = (plan.Phases[0], plan.Phases[1]);
        Assert.Equal((1, 3, 0L, 513L), (first.FirstEpoch, first.LastEpoch, first.TrainableBackboneParameters, first.TrainableParameters));
        Assert.Empty(first.TrainableStages);
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4"], first.FrozenStages);
        Assert.Equal((4, 6, 13_114_368L, 13_114_368L + 513), (second.FirstEpoch, second.LastEpoch, second.TrainableBackboneParameters, second.TrainableParameters));
        Assert.Equal(["layer4"], second.TrainableStages);
        Assert.Equal(["stem", "layer1", "layer2", "layer3"], second.FrozenStages);
        Assert.Equal(new OptimizerSpec(OptimizerKind.RmsProp, 1e-5, 0), second.Optimizer);
    }

    [Fact]
    public void Head_parameters_count_every_dense_layer_and_the_softmax_output()
    {
        var spec = Load(SpecTexts.Valid.Replace("classes: [cats, dogs]", "classes: [a, b, c]", StringComparison.Ordinal));

        // 512 -> dropout -> dense 64 (relu) -> 3 softmax outputs.
        Assert.Equal((512 * 64) + 64 + (64 * 3) + 3, TrainingPlan.For(spec).HeadParameters);
    }

    [Fact]
    public void Markdown_names_stages_parameters_optimizer_batchnorm_epochs_and_augmentation()
    {
        var markdown = TrainingPlan.For(Load(Example)).ToMarkdown();

        Assert.StartsWith("# Training plan: CatsVsDogs\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Phase 1: feature_extraction (epochs 1-3)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trainable parameters: 513 (head), 0.003% of 15,897,665\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Frozen: the whole backbone (stem, layer1, layer2, layer3, layer4); BatchNorm: inference (frozen)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Optimizer: Adam, learning rate 1e-4\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Phase 2: fine_tuning (epochs 4-6)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trainable: layer4 and the head; BatchNorm: training\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trainable parameters: 13,114,881 (13,114,368 backbone + 513 head), 82.5% of 15,897,665\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Frozen: stem, layer1, layer2, layer3; BatchNorm: inference (frozen)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Optimizer: RMSprop, learning rate 1e-5\n", markdown, StringComparison.Ordinal);
        Assert.Contains("  - rotation up to 20 degrees\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| layer4    | 13,114,368 |             frozen |      trains |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| trainable |            |                513 |  13,114,881 |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Momentum_and_a_fully_trainable_phase_are_shown()
    {
        var markdown = TrainingPlan.For(Load(SpecTexts.Valid
            .Replace("freeze: { until: layer4 }", "freeze: none", StringComparison.Ordinal))).ToMarkdown();

        Assert.Contains("- Optimizer: RMSprop, learning rate 1e-5, momentum 0.5\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Frozen: nothing\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trainable: stem, layer1, layer2, layer3, layer4 and the head; BatchNorm: training\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_backbone_plans_without_parameter_counts()
    {
        var spec = Load(Example) with { Backbone = new BackboneSpec("mystery", "imagenet") };

        var plan = TrainingPlan.For(spec);

        Assert.Null(plan.BackboneParameters);
        Assert.Null(plan.HeadParameters);
        Assert.All(plan.Phases, phase => Assert.Null(phase.TrainableParameters));
        Assert.Contains("- Trainable parameters: not known at build time\n", plan.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_do_not_follow_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var markdown = TrainingPlan.For(Load(Example)).ToMarkdown();

            Assert.Contains("13,114,881 (13,114,368 backbone + 513 head), 82.5% of 15,897,665", markdown, StringComparison.Ordinal);
            Assert.Contains("dropout 0.2", markdown, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static ExperimentSpec Load(string text)
    {
        var result = SpecLoader.Load(text);
        Assert.True(result.Document is not null, string.Join("\n", result.Diagnostics.Select(d => d.Format("spec"))));
        return result.Document.Spec;
    }
}
