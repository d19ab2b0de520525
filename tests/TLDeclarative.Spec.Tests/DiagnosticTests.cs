using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Spec.Tests;

/// <summary>Each rule of the catalogue: exact ID, severity, line, column and message.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    // id, severity, line, column, 1-based line to replace, replacement, message fragment
    [InlineData("TLD0002", SpecSeverity.Error, 2, 1, 2, "sed: 7", "Unknown key 'sed' in the experiment (did you mean 'seed'?)")]
    [InlineData("TLD0002", SpecSeverity.Error, 26, 26, 26, "    optimizer: { adam: { learning_rat: 1.0e-4 } }", "Unknown key 'learning_rat' in optimizer 'adam' (did you mean 'learning_rate'?)")]
    [InlineData("TLD0004", SpecSeverity.Error, 27, 13, 27, "    epochs: \"10\"", "'phases[0].epochs' must be an integer, but the value is the string \"10\"")]
    [InlineData("TLD0004", SpecSeverity.Error, 21, 20, 21, "  horizontal_flip: yes", "'augmentation.horizontal_flip' must be true or false, but the value is 'yes'")]
    [InlineData("TLD0004", SpecSeverity.Error, 8, 15, 8, "  batch_size: 16.5", "'data.batch_size' must be an integer")]
    [InlineData("TLD0006", SpecSeverity.Error, 22, 14, 22, "  fill_mode: wrap", "Unknown fill mode 'wrap'; valid values: nearest, constant, reflect")]
    [InlineData("TLD0002", SpecSeverity.Error, 26, 18, 26, "    optimizer: { nadam: { learning_rate: 1.0e-4 } }", "Unknown key 'nadam' in optimizer (did you mean 'adam'?)")]
    [InlineData("TLD0006", SpecSeverity.Error, 9, 19, 9, "backbone: { name: resnet81, weights: imagenet }", "Unknown backbone 'resnet81'; valid values: resnet18, resnet34, resnet50, resnet101, resnet152, mobilenet_v2, mobilenet_v3_small, mobilenet_v3_large, vgg11, vgg13, vgg16, vgg19, vgg11_bn, vgg13_bn, vgg16_bn, vgg19_bn, alexnet, googlenet, inception_v3")]
    [InlineData("TLD0009", SpecSeverity.Error, 29, 22, 29, "    freeze: { until: layer5 }", "Backbone 'resnet18' has no stage 'layer5'; its stages are: stem, layer1, layer2, layer3, layer4")]
    [InlineData("TLD0005", SpecSeverity.Error, 30, 44, 30, "    optimizer: { rmsprop: { learning_rate: 0 } }", "'phases[1].optimizer.learning_rate' must be greater than 0 and at most 1, but is 0")]
    [InlineData("TLD0005", SpecSeverity.Error, 27, 13, 27, "    epochs: 0", "'phases[0].epochs' must be between 1 and 100000, but is 0")]
    [InlineData("TLD0005", SpecSeverity.Error, 13, 16, 13, "    - dropout: 1.0", "'head.layers[0].dropout' must be in [0, 1), but is 1")]
    [InlineData("TLD0005", SpecSeverity.Error, 8, 15, 8, "  batch_size: 0", "'data.batch_size' must be between 1 and 4096, but is 0")]
    [InlineData("TLD0010", SpecSeverity.Error, 7, 15, 7, "  image_size: [16, 160]", "Backbone 'resnet18' needs images of at least 32x32 pixels, but image_size is 16x160")]
    [InlineData("TLD0007", SpecSeverity.Error, 1, 13, 1, "experiment: class", "Experiment name 'class' is not valid: it is a C# keyword")]
    [InlineData("TLD0007", SpecSeverity.Error, 3, 17, 3, "classes: [cats, \"dogs; DROP\"]", "Class name 'dogs; DROP' is not valid")]
    [InlineData("TLD0008", SpecSeverity.Error, 3, 17, 3, "classes: [cats, Cats]", "Class 'Cats' is declared more than once")]
    [InlineData("TLD0013", SpecSeverity.Error, 3, 10, 3, "classes: [cats]", "'classes' needs at least 2 classes, but has 1")]
    [InlineData("TLD0011", SpecSeverity.Warning, 29, 13, 29, "    freeze: all", "Phase 'fine_tuning' freezes more of the backbone than phase 'feature_extraction'")]
    [InlineData("TLD0001", SpecSeverity.Error, 3, 15, 3, "classes: [cats, dogs", "YAML syntax error: the YAML is malformed near here")]
    [InlineData("TLD0001", SpecSeverity.Error, 2, 8, 2, "seed: 7: 8", "YAML syntax error")]
    [InlineData("TLD0001", SpecSeverity.Error, 3, 1, 3, "seed: 8", "YAML syntax error: Duplicate key")]
    public void Reports_the_rule_at_the_value(string id, SpecSeverity severity, int line, int column, int replaceLine, string replacement, string message)
    {
        var text = SpecTexts.WithLine(replaceLine, replacement);
        if (id == "TLD0011")
            text = SpecTexts.WithLine(25, "    freeze: { until: layer4 }").Replace("    freeze: { until: layer4 }\n    optimizer: { rmsprop", "    freeze: all\n    optimizer: { rmsprop", StringComparison.Ordinal);

        // A misspelt key may also leave a required key missing; the rule under test fires once.
        var diagnostic = Assert.Single(SpecLoader.Load(text).Diagnostics, d => d.Id == id);

        Assert.Equal(severity, diagnostic.Severity);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Missing_key_points_at_the_mapping_that_lacks_it()
    {
        var text = SpecTexts.Valid.Replace("  train: data/train\n", string.Empty, StringComparison.Ordinal);

        var diagnostic = Assert.Single(SpecLoader.Load(text).Diagnostics);

        Assert.Equal("TLD0003", diagnostic.Id);
        Assert.Equal("Missing required key 'train' in data", diagnostic.Message);
        Assert.Equal((5, 3), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Reports_every_type_error_in_one_pass()
    {
        var text = SpecTexts.WithLine(2, "seed: x").Replace("epochs: 5", "epochs: five", StringComparison.Ordinal);

        var diagnostics = SpecLoader.Load(text).Diagnostics;

        Assert.Equal(["TLD0004", "TLD0004"], diagnostics.Select(d => d.Id));
        Assert.Equal([2, 31], diagnostics.Select(d => d.Span.StartLine));
    }

    [Fact]
    public void Type_tags_are_never_resolved()
    {
        var diagnostic = Assert.Single(SpecLoader.Load(SpecTexts.WithLine(2, "seed: !!python/object:os.system 7")).Diagnostics);

        Assert.Equal("TLD0004", diagnostic.Id);
        Assert.Contains("must be an untagged value", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_parsing()
    {
        var text = "experiment: " + new string('[', 10_000) + new string(']', 10_000);

        var diagnostic = Assert.Single(SpecLoader.Load(text).Diagnostics);

        Assert.Equal("TLD0012", diagnostic.Id);
        Assert.Equal((1, 13 + SpecReaderLimits.Nesting), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Formats_like_msbuild()
    {
        var diagnostic = Assert.Single(SpecLoader.Load(SpecTexts.WithLine(27, "    epochs: 0")).Diagnostics);

        Assert.Equal(
            "specs/cats.tl.yaml(27,13): error TLD0005: 'phases[0].epochs' must be between 1 and 100000, but is 0",
            diagnostic.Format("specs/cats.tl.yaml"));
    }

    [Fact]
    public void Every_rule_has_a_unique_id()
    {
        var ids = DiagnosticCatalog.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^TLD[0-9]{4}$", id));
    }
}

internal static class SpecReaderLimits
{
    public const int Nesting = Yaml.SpecReader.MaxNesting;
}
