using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>data: validation_split, list files, class_weights, sampler, corrupt_files.</summary>
public sealed class DataSettingsTests
{
    // Lines 5-8 of SpecTexts.Valid are data's train, validation, image_size and batch_size.
    private static string WithData(string validationLine, string extra = "") =>
        SpecTexts.WithLine(6, validationLine).Replace("  batch_size: 16\n", "  batch_size: 16\n" + extra, StringComparison.Ordinal);

    private static DataSpec Data(string text)
    {
        var result = SpecLoader.Load(text);
        Assert.Empty(result.Diagnostics);
        return result.Document!.Spec.Data;
    }

    [Fact]
    public void Defaults_are_a_validation_folder_no_weights_a_shuffle_and_failing_on_bad_files()
    {
        var data = Data(SpecTexts.Valid);

        Assert.Equal(("data/validation", 0.0, (ClassWeightsSpec?)null, SamplerMode.Shuffle, CorruptFilesMode.Fail), (data.Validation, data.ValidationSplit, data.ClassWeights, data.Sampler, data.CorruptFiles));
    }

    [Fact]
    public void Reads_validation_split_weights_sampler_and_corrupt_file_policy()
    {
        var data = Data(WithData("  validation_split: 0.2", "  class_weights: { dogs: 2.5, cats: 1 }\n  sampler: weighted\n  corrupt_files: skip\n"));

        Assert.Equal(string.Empty, data.Validation);
        Assert.Equal(0.2, data.ValidationSplit);
        Assert.Equal(new ClassWeightsSpec(false, new EquatableArray<ClassWeightSpec>([new("dogs", 2.5), new("cats", 1)])), data.ClassWeights);
        Assert.Equal(SamplerMode.Weighted, data.Sampler);
        Assert.Equal(CorruptFilesMode.Skip, data.CorruptFiles);
    }

    [Fact]
    public void Class_weights_auto_and_list_files_are_read()
    {
        var text = SpecTexts.WithLine(5, "  train: lists/train.csv").Replace("  validation: data/validation", "  validation: lists/validation.tsv", StringComparison.Ordinal)
            .Replace("  batch_size: 16\n", "  batch_size: 16\n  class_weights: auto\n", StringComparison.Ordinal);

        var data = Data(text);

        Assert.Equal(("lists/train.csv", "lists/validation.tsv"), (data.Train, data.Validation));
        Assert.Equal(ClassWeightsSpec.Automatic, data.ClassWeights);
    }

    [Theory]
    [InlineData("  validation_split: 1", "TLD0005", 6, 21, "'data.validation_split' must be a fraction of the training images in (0, 1), but is 1")]
    [InlineData("  validation_split: 0", "TLD0005", 6, 21, "'data.validation_split' must be a fraction of the training images in (0, 1), but is 0")]
    [InlineData("  validation_split: half", "TLD0004", 6, 21, "'data.validation_split' must be a finite number, but the value is 'half'")]
    public void Validation_split_is_a_fraction(string line, string id, int row, int column, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(WithData(line)).Diagnostics);

        Assert.Equal((id, message), (diagnostic.Id, diagnostic.Message));
        Assert.Equal((row, column), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Theory]
    [InlineData("  class_weights: { cats: 1.0, dogs: 2.0, cows: 3.0 }", "TLD0021", 9, 48, "'data.class_weights' names 'cows', which is not a declared class; give one weight for each declared class (cats, dogs), or write class_weights: auto")]
    [InlineData("  class_weights: { cats: 1.0 }", "TLD0021", 9, 18, "'data.class_weights' has no weight for class 'dogs'; give one weight for each declared class (cats, dogs), or write class_weights: auto")]
    [InlineData("  class_weights: { cats: 1.0, dogs: 0 }", "TLD0005", 9, 37, "'data.class_weights.dogs' must be greater than 0, but is 0")]
    [InlineData("  class_weights: balanced", "TLD0006", 9, 18, "Unknown class_weights 'balanced'; valid values: auto")]
    [InlineData("  sampler: weigted", "TLD0006", 9, 12, "Unknown sampler 'weigted' (did you mean 'weighted'?); valid values: shuffle, weighted")]
    [InlineData("  corrupt_files: ignore", "TLD0006", 9, 18, "Unknown corrupt file policy 'ignore'; valid values: fail, skip")]
    public void Data_settings_are_checked_at_their_value(string line, string id, int row, int column, string message)
    {
        var diagnostic = Assert.Single(SpecLoader.Load(WithData("  validation: data/validation", line + "\n")).Diagnostics);

        Assert.Equal((id, message), (diagnostic.Id, diagnostic.Message));
        Assert.Equal((row, column), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Validation_and_validation_split_exclude_each_other()
    {
        var diagnostic = Assert.Single(SpecLoader.Load(WithData("  validation: data/validation", "  validation_split: 0.2\n")).Diagnostics);

        Assert.Equal("TLD0019", diagnostic.Id);
        Assert.Equal("'validation' and 'validation_split' cannot both be set in data: validate on a folder or list file, or hold out a fraction of the training images", diagnostic.Message);
        Assert.Equal((9, 21), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void One_of_validation_and_validation_split_is_required()
    {
        var diagnostic = Assert.Single(SpecLoader.Load(WithData("  test: data/test")).Diagnostics);

        Assert.Equal("TLD0020", diagnostic.Id);
        Assert.Equal("data needs 'validation' or 'validation_split': validate on a folder or list file, or hold out a fraction of the training images", diagnostic.Message);
        Assert.Equal((5, 3), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Writer_round_trips_the_data_settings_and_the_plan_lists_them()
    {
        var spec = SpecLoader.Load(WithData("  validation_split: 0.25", "  class_weights: { cats: 1, dogs: 3 }\n  sampler: weighted\n  corrupt_files: skip\n")).Document!.Spec;

        var text = SpecYamlWriter.Write(spec);
        var plan = TrainingPlan.For(spec).ToMarkdown();

        Assert.Contains("  validation_split: 0.25\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("  validation:", text, StringComparison.Ordinal);
        Assert.Contains("  class_weights: { cats: 1, dogs: 3 }\n  sampler: weighted\n  corrupt_files: skip\n", text, StringComparison.Ordinal);
        Assert.Equal(spec, SpecLoader.Load(text).Document!.Spec);
        Assert.Contains("- Validation: 25% of the training images held out (stratified per class, seeded)\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Class weights in the loss: cats 1, dogs 3\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Sampler: weighted (images drawn with replacement so every class is drawn equally often)\n", plan, StringComparison.Ordinal);
        Assert.Contains("- Unreadable image files: skipped with a warning\n", plan, StringComparison.Ordinal);
    }
}
