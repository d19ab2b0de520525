using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>Optimizers with weight decay and nesterov, learning-rate schedules and gradient clipping in a phase.</summary>
public sealed class TrainingSettingsTests
{
    // Line 27 of SpecTexts.Valid is the first phase's "    epochs: 10"; these settings follow it (line 28 on).
    private static string FirstPhaseWith(string settings, string optimizer = "    optimizer: { adam: { learning_rate: 1.0e-4 } }") =>
        SpecTexts.WithLine(26, optimizer).Replace("    epochs: 10\n", "    epochs: 10\n" + settings + "\n", StringComparison.Ordinal);

    private static PhaseSpec FirstPhase(string settings, string optimizer = "    optimizer: { adam: { learning_rate: 1.0e-4 } }")
    {
        var result = SpecLoader.Load(FirstPhaseWith(settings, optimizer));
        Assert.Empty(result.Diagnostics);
        return result.Document!.Spec.Phases[0];
    }

    [Fact]
    public void Schedule_is_constant_and_clipping_off_when_not_set()
    {
        var phase = SpecLoader.Load(SpecTexts.Valid).Document!.Spec.Phases[0];

        Assert.Equal(ScheduleSpec.Constant, phase.Schedule);
        Assert.Null(phase.GradientClipping);
        Assert.Equal(0, phase.Optimizer.WeightDecay);
    }

    [Fact]
    public void Reads_every_schedule_with_its_settings()
    {
        Assert.Equal(new ScheduleSpec(ScheduleKind.Step, StepSize: 3, Gamma: 0.5), FirstPhase("    schedule: { step: { step_size: 3, gamma: 0.5 } }").Schedule);
        Assert.Equal(new ScheduleSpec(ScheduleKind.Cosine, WarmupEpochs: 2, MinLearningRate: 1e-6), FirstPhase("    schedule: { cosine: { warmup_epochs: 2, min_learning_rate: 1.0e-6 } }").Schedule);
        Assert.Equal(new ScheduleSpec(ScheduleKind.Cosine), FirstPhase("    schedule: cosine").Schedule);
        Assert.Equal(new ScheduleSpec(ScheduleKind.OneCycle, WarmupFraction: 0.25), FirstPhase("    schedule: { one_cycle: { warmup_fraction: 0.25 } }").Schedule);
        Assert.Equal(new ScheduleSpec(ScheduleKind.ReduceOnPlateau, Factor: 0.5, Patience: 2, MinLearningRate: 1e-7), FirstPhase("    schedule: { reduce_on_plateau: { monitor: val_loss, factor: 0.5, patience: 2, min_learning_rate: 1.0e-7 } }").Schedule);
        Assert.Equal(ScheduleSpec.Constant, FirstPhase("    schedule: constant").Schedule);
    }

    [Fact]
    public void Reads_optimizers_weight_decay_nesterov_and_clipping()
    {
        var sgd = FirstPhase("    gradient_clipping: { max_norm: 1.5 }", "    optimizer: { sgd: { learning_rate: 0.01, momentum: 0.9, nesterov: true, weight_decay: 5.0e-4 } }");
        Assert.Equal(new OptimizerSpec(OptimizerKind.Sgd, 0.01, 0.9, 5e-4, Nesterov: true), sgd.Optimizer);
        Assert.Equal(new GradientClippingSpec(1.5), sgd.GradientClipping);

        Assert.Equal(new OptimizerSpec(OptimizerKind.AdamW, 1e-3, 0, 0.01), FirstPhase(string.Empty, "    optimizer: { adamw: { learning_rate: 1.0e-3 } }").Optimizer);
        Assert.Equal(new OptimizerSpec(OptimizerKind.AdamW, 1e-3, 0, 0), FirstPhase(string.Empty, "    optimizer: { adamw: { learning_rate: 1.0e-3, weight_decay: 0 } }").Optimizer);
        Assert.Equal(0.001, FirstPhase(string.Empty, "    optimizer: { rmsprop: { learning_rate: 1.0e-3, weight_decay: 0.001 } }").Optimizer.WeightDecay);
    }

    [Theory]
    [InlineData("    schedule: cosin", "TLD0006", 28, "Unknown schedule 'cosin' (did you mean 'cosine'?); valid values: constant, cosine, one_cycle, reduce_on_plateau")]
    [InlineData("    schedule: { cosin: { warmup_epochs: 1 } }", "TLD0002", 28, "Unknown key 'cosin' in schedule (did you mean 'cosine'?)")]
    [InlineData("    schedule: { onecycle: {} }", "TLD0002", 28, "Unknown key 'onecycle' in schedule (did you mean 'one_cycle'?)")]
    [InlineData("    schedule: { cosine: { gamma: 0.5 } }", "TLD0002", 28, "Unknown key 'gamma' in schedule 'cosine'")]
    [InlineData("    schedule: { step: { gamma: 0.5 } }", "TLD0003", 28, "Missing required key 'step_size' in schedule 'step'")]
    [InlineData("    schedule: { step: { step_size: 2 }, cosine: {} }", "TLD0004", 28, "must be a mapping with exactly one of: step, cosine, one_cycle, reduce_on_plateau")]
    [InlineData("    schedule: { step: { step_size: 0 } }", "TLD0005", 28, "'phases[0].schedule.step_size' must be between 1 and 100000 epochs, but is 0")]
    [InlineData("    schedule: { step: { step_size: 2, gamma: 0 } }", "TLD0005", 28, "'phases[0].schedule.gamma' must be greater than 0 and at most 1, but is 0")]
    [InlineData("    schedule: { cosine: { warmup_epochs: 10 } }", "TLD0005", 28, "'phases[0].schedule.warmup_epochs' must be between 0 and 9 epochs (fewer than the phase's 10), but is 10")]
    [InlineData("    schedule: { cosine: { min_learning_rate: 1.0e-4 } }", "TLD0005", 28, "'phases[0].schedule.min_learning_rate' must be below the phase's learning_rate in [0, 0.0001), but is 0.0001")]
    [InlineData("    schedule: { one_cycle: { warmup_fraction: 1 } }", "TLD0005", 28, "'phases[0].schedule.warmup_fraction' must be in (0, 1), but is 1")]
    [InlineData("    schedule: { reduce_on_plateau: { factor: 1 } }", "TLD0005", 28, "'phases[0].schedule.factor' must be in (0, 1), but is 1")]
    [InlineData("    schedule: { reduce_on_plateau: { monitor: val_acc } }", "TLD0006", 28, "Unknown monitored value 'val_acc'")]
    [InlineData("    gradient_clipping: { max_norm: 0 }", "TLD0005", 28, "'phases[0].gradient_clipping.max_norm' must be greater than 0, but is 0")]
    [InlineData("    gradient_clipping: { max_norm: 1, norm: 2 }", "TLD0002", 28, "Unknown key 'norm' in gradient_clipping")]
    [InlineData("    gradient_clipping: {}", "TLD0003", 28, "Missing required key 'max_norm' in gradient_clipping")]
    public void Reports_bad_schedule_and_clipping_settings(string settings, string id, int line, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(FirstPhaseWith(settings)).Diagnostics);

        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(line, diagnostic.Span.StartLine);
    }

    [Theory]
    [InlineData("    optimizer: { adam: { learning_rate: 1.0e-4, weight_decay: 1 } }", "TLD0005", "'phases[0].optimizer.weight_decay' must be in [0, 1), but is 1")]
    [InlineData("    optimizer: { sgd: { learning_rate: 1.0e-4, nesterov: true } }", "TLD0005", "'phases[0].optimizer.momentum' must be greater than 0 when nesterov is true, but is 0")]
    [InlineData("    optimizer: { adam: { learning_rate: 1.0e-4, nesterov: true } }", "TLD0002", "Unknown key 'nesterov' in optimizer 'adam'")]
    [InlineData("    optimizer: { adamw: { learning_rate: 1.0e-4, momentum: 0.9 } }", "TLD0002", "Unknown key 'momentum' in optimizer 'adamw'")]
    [InlineData("    optimizer: { adamw: { learning_rate: 1.0e-4, weight_decay: 0.O1 } }", "TLD0004", "'phases[0].optimizer.weight_decay' must be a finite number")]
    public void Reports_bad_optimizer_settings(string optimizer, string id, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(SpecTexts.WithLine(26, optimizer)).Diagnostics);

        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(26, diagnostic.Span.StartLine);
    }

    [Theory]
    [InlineData("    schedule: { step: { step_size: 3, gamma: 0.5 } }")]
    [InlineData("    schedule: { cosine: { warmup_epochs: 2, min_learning_rate: 1.0e-6 } }")]
    [InlineData("    schedule: one_cycle")]
    [InlineData("    schedule: reduce_on_plateau\n    gradient_clipping: { max_norm: 0.5 }")]
    public void Written_yaml_reads_back_to_the_same_spec(string settings)
    {
        var spec = SpecLoader.Load(FirstPhaseWith(settings, "    optimizer: { sgd: { learning_rate: 0.01, momentum: 0.9, nesterov: true, weight_decay: 1.0e-4 } }")).Document!.Spec;

        var again = SpecLoader.Load(SpecYamlWriter.Write(spec));

        Assert.Empty(again.Diagnostics);
        Assert.Equal(spec, again.Document!.Spec);
    }

    [Fact]
    public void Training_plan_mentions_schedule_weight_decay_and_clipping()
    {
        var spec = SpecLoader.Load(FirstPhaseWith(
            "    schedule: { cosine: { warmup_epochs: 1, min_learning_rate: 1.0e-6 } }\n    gradient_clipping: { max_norm: 1 }",
            "    optimizer: { adamw: { learning_rate: 1.0e-4, weight_decay: 0.05 } }")).Document!.Spec;

        var plan = TrainingPlan.For(spec).ToMarkdown();

        Assert.Contains("- Optimizer: AdamW, learning rate 1e-4, weight decay 0.05 (decoupled)\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Learning-rate schedule: cosine from 1e-4 to 1e-6 after 1 warm-up epoch from 5e-5, per epoch\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Gradient clipping: joint L2 norm at most 1\n", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_plan_describes_the_other_schedules()
    {
        static string Plan(string settings, string optimizer = "    optimizer: { sgd: { learning_rate: 0.1, momentum: 0.9, nesterov: true } }") =>
            TrainingPlan.For(SpecLoader.Load(FirstPhaseWith(settings, optimizer)).Document!.Spec).ToMarkdown();

        Assert.Contains("- Optimizer: SGD, learning rate 0.1, momentum 0.9 (Nesterov)\n", Plan(string.Empty), StringComparison.Ordinal);
        Assert.Contains("- Learning-rate schedule: step, x0.5 every 2 epochs, per epoch\n", Plan("    schedule: { step: { step_size: 2, gamma: 0.5 } }"), StringComparison.Ordinal);
        Assert.Contains("- Learning-rate schedule: one cycle, 0.004 up to 0.1 in the first 30% of the steps, then down to 4e-7, per batch\n", Plan("    schedule: one_cycle"), StringComparison.Ordinal);
        Assert.Contains("- Learning-rate schedule: reduce on plateau, x0.1 when val_loss has not improved for 10 epochs, never below 0\n", Plan("    schedule: reduce_on_plateau"), StringComparison.Ordinal);
        Assert.DoesNotContain("schedule", Plan(string.Empty), StringComparison.Ordinal);
    }
}
