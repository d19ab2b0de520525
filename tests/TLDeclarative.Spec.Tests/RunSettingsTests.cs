using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>New augmentations, feature_cache, checkpoints, evaluation and per-phase early_stopping.</summary>
public sealed class RunSettingsTests
{
    // SpecTexts.Valid: line 22 is augmentation's last key, line 27 the first phase's epochs, line 32 the last line.
    private static string WithAugmentation(string extra) => SpecTexts.Valid.Replace("  fill_mode: reflect\n", "  fill_mode: reflect\n" + extra + "\n", StringComparison.Ordinal);

    private static string WithTopLevel(string extra) => SpecTexts.Valid + "\n" + extra;

    private static string WithFirstPhase(string extra) => SpecTexts.Valid.Replace("    epochs: 10\n", "    epochs: 10\n" + extra + "\n", StringComparison.Ordinal);

    private static ExperimentSpec Spec(string text)
    {
        var result = SpecLoader.Load(text);
        Assert.Empty(result.Diagnostics);
        return result.Document!.Spec;
    }

    private static void AssertOne(string text, string id, int line, int column, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(text).Diagnostics);
        Assert.Equal((id, message), (diagnostic.Id, diagnostic.Message));
        Assert.Equal((line, column), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Reads_every_new_augmentation()
    {
        var a = Spec(WithAugmentation("""
              vertical_flip: true
              brightness: 0.2
              contrast: 0.3
              saturation: 0.4
              hue: 0.05
              random_resized_crop: { scale: [0.5, 1.0], ratio: [0.8, 1.25] }
              random_erasing: 0.25
              mixup: 0.2
              cutmix: 1.0
            """)).Augmentation;

        Assert.Equal(
            new AugmentationSpec(20, 0.2, 0.1, 0.2, 0.3, true, FillModeKind.Reflect)
            {
                VerticalFlip = true,
                Brightness = 0.2,
                Contrast = 0.3,
                Saturation = 0.4,
                Hue = 0.05,
                RandomResizedCrop = new RandomResizedCropSpec(0.5, 1.0, 0.8, 1.25),
                RandomErasing = 0.25,
                Mixup = 0.2,
                CutMix = 1.0,
            },
            a);
        Assert.True(a.MixesImages);
        Assert.False(a.IsIdentity);
    }

    [Fact]
    public void An_empty_random_resized_crop_takes_torchvisions_bounds()
    {
        Assert.Equal(RandomResizedCropSpec.Default, Spec(WithAugmentation("  random_resized_crop: {}")).Augmentation.RandomResizedCrop);
    }

    [Theory]
    [InlineData("  brightness: 1", 23, 15, "'augmentation.brightness' must be in [0, 1), but is 1")]
    [InlineData("  hue: 0.6", 23, 8, "'augmentation.hue' must be between 0 and 0.5 (a fraction of the colour wheel), but is 0.6")]
    [InlineData("  random_erasing: 1.5", 23, 19, "'augmentation.random_erasing' must be between 0 and 1, but is 1.5")]
    [InlineData("  mixup: -0.1", 23, 10, "'augmentation.mixup' must be 0 or more, but is -0.1")]
    [InlineData("  random_resized_crop: { scale: [0.9, 0.5] }", 23, 39, "'augmentation.random_resized_crop.scale[1]' must be between 0.9 and 1 (at least scale[0]), but is 0.5")]
    [InlineData("  random_resized_crop: { scale: [0, 1] }", 23, 34, "'augmentation.random_resized_crop.scale[0]' must be greater than 0 and at most 1, but is 0")]
    [InlineData("  random_resized_crop: { ratio: [2, 1] }", 23, 37, "'augmentation.random_resized_crop.ratio[1]' must be 2 or more, but is 1")]
    public void New_augmentations_are_range_checked_at_their_value(string line, int row, int column, string message)
    {
        AssertOne(WithAugmentation(line), "TLD0005", row, column, message);
    }

    [Fact]
    public void Reads_feature_cache_checkpoints_and_evaluation()
    {
        var spec = Spec(WithTopLevel("feature_cache: { mode: auto, views: 4 }\ncheckpoints: { monitor: val_f1 }\nevaluation: { top_k: 2, tta: true }\n"));

        Assert.Equal(new FeatureCacheSpec(FeatureCacheKind.Auto, 4), spec.FeatureCache);
        Assert.Equal(MonitorKind.ValF1, spec.CheckpointMonitor);
        Assert.Equal(new EvaluationSpec(2, true), spec.Evaluation);
        Assert.Equal(new FeatureCacheSpec(FeatureCacheKind.Off), Spec(WithTopLevel("feature_cache: off\n")).FeatureCache);
        var defaults = Spec(SpecTexts.Valid);
        Assert.Equal((FeatureCacheSpec.Auto, MonitorKind.ValLoss, EvaluationSpec.Default), (defaults.FeatureCache, defaults.CheckpointMonitor, defaults.Evaluation));
    }

    [Theory]
    [InlineData("evaluation: { top_k: 3 }", "TLD0005", 33, 22, "'evaluation.top_k' must be between 1 and 2 (the class count), but is 3")]
    [InlineData("feature_cache: { views: 0 }", "TLD0005", 33, 25, "'feature_cache.views' must be between 1 and 1000 views, but is 0")]
    [InlineData("feature_cache: sometimes", "TLD0006", 33, 16, "Unknown feature cache mode 'sometimes'; valid values: auto, off")]
    [InlineData("checkpoints: { monitor: val_acc }", "TLD0006", 33, 25, "Unknown monitored metric 'val_acc'; valid values: val_loss, val_accuracy, val_f1, loss, accuracy")]
    public void Run_settings_are_checked_at_their_value(string line, string id, int row, int column, string message)
    {
        AssertOne(WithTopLevel(line), id, row, column, message);
    }

    [Fact]
    public void Reads_early_stopping_with_its_defaults()
    {
        Assert.Equal(new EarlyStoppingSpec(MonitorKind.ValLoss, 3), Spec(WithFirstPhase("    early_stopping: { patience: 3 }")).Phases[0].EarlyStopping);
        Assert.Equal(
            new EarlyStoppingSpec(MonitorKind.Accuracy, 2, 0.01, RestoreBest: false),
            Spec(WithFirstPhase("    early_stopping: { monitor: accuracy, patience: 2, min_delta: 0.01, restore_best: false }")).Phases[0].EarlyStopping);
        Assert.Null(Spec(SpecTexts.Valid).Phases[0].EarlyStopping);
    }

    [Theory]
    [InlineData("    early_stopping: { patience: 0 }", "TLD0005", 28, 33, "'phases[0].early_stopping.patience' must be between 1 and 100000 epochs, but is 0")]
    [InlineData("    early_stopping: { monitor: val_loss }", "TLD0003", 28, 21, "Missing required key 'patience' in early_stopping")]
    [InlineData("    early_stopping: { patience: 2, min_delta: -1 }", "TLD0005", 28, 47, "'phases[0].early_stopping.min_delta' must be 0 or more, but is -1")]
    public void Early_stopping_is_checked_at_its_value(string line, string id, int row, int column, string message)
    {
        AssertOne(WithFirstPhase(line), id, row, column, message);
    }

    [Fact]
    public void Plan_lists_early_stopping_the_checkpoint_monitor_and_evaluation()
    {
        var spec = Spec(WithFirstPhase("    early_stopping: { monitor: val_accuracy, patience: 2, min_delta: 0.001 }")
            + "\ncheckpoints: { monitor: val_accuracy }\nevaluation: { top_k: 2, tta: true }\n");

        var plan = TrainingPlan.For(spec).ToMarkdown();

        Assert.Contains("- Early stopping: when val_accuracy has not improved by more than 0.001 for 2 epochs; then back to the weights of the phase's best epoch\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Best checkpoint: by val_accuracy (highest); the last epoch's is kept too\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Evaluation: top-2 accuracy, test-time augmentation (mean of each image's and its mirror's predictions)\n", plan, StringComparison.Ordinal);
        Assert.Equal(spec, SpecLoader.Load(SpecYamlWriter.Write(spec)).Document!.Spec);
    }

    [Fact]
    public void Writer_round_trips_every_new_augmentation_and_run_setting()
    {
        var spec = Spec(WithAugmentation("  vertical_flip: true\n  hue: 0.1\n  random_resized_crop: {}\n  random_erasing: 0.5\n  cutmix: 1")
            + "\nfeature_cache: { mode: off, views: 3 }\n");

        var text = SpecYamlWriter.Write(spec);

        Assert.Contains("  vertical_flip: true\n  hue: 0.1\n  random_resized_crop: { scale: [0.08, 1], ratio: [0.75, 1.3333333333333333] }\n  random_erasing: 0.5\n  cutmix: 1\n", text, StringComparison.Ordinal);
        Assert.Contains("feature_cache: { mode: off, views: 3 }\n", text, StringComparison.Ordinal);
        Assert.Equal(spec, SpecLoader.Load(text).Document!.Spec);
    }
}
