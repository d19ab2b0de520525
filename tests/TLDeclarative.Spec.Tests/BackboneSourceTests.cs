using TLDeclarative.Spec.Catalog;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Planning;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Tests;

/// <summary>backbone: catalogue weights and weight files, or an ONNX file with its stages and preprocessing.</summary>
public sealed class BackboneSourceTests
{
    private const string OnnxSpec = """
        experiment: OnnxNet
        classes: [cats, dogs, birds]
        data: { train: data/train, validation: data/validation, image_size: 64 }
        backbone:
          onnx: models/net.onnx
          cut: features_out
          weights: none
          preprocessing: { color_order: bgr, scale: 255, mean: [103.9, 116.8, 123.7], std: [1, 1, 1] }
          stages:
            - { name: early, last_node: n12 }
            - { name: late, last_node: n40 }
        phases:
          - { name: head, freeze: all, optimizer: { adam: { learning_rate: 1.0e-3 } }, epochs: 2 }
          - { name: tune, freeze: { until: late }, lr_mult: { late: 0.5 }, optimizer: { adam: { learning_rate: 1.0e-4 } }, epochs: 2 }
        """;

    private static IReadOnlyList<Diagnostics.SpecDiagnostic> Diagnostics(string text) => SpecLoader.Load(text).Diagnostics;

    [Fact]
    public void Reads_an_onnx_backbone_with_every_setting()
    {
        var result = SpecLoader.Load(OnnxSpec);
        Assert.Empty(result.Diagnostics);
        var backbone = result.Document!.Spec.Backbone;

        Assert.Equal("models/net.onnx", backbone.Name);
        Assert.Equal("none", backbone.Weights);
        Assert.Equal(
            new OnnxBackboneSpec(
                "models/net.onnx",
                "features_out",
                Pretrained: false,
                new PreprocessingSpec(ColorOrderKind.Bgr, 255, new EquatableArray<double>([103.9, 116.8, 123.7]), new EquatableArray<double>([1, 1, 1])),
                new EquatableArray<OnnxStageSpec>([new("early", "n12"), new("late", "n40")])),
            backbone.Onnx);
    }

    [Fact]
    public void Onnx_defaults_keep_the_files_weights_and_make_one_stage()
    {
        var text = OnnxSpec.Replace("  cut: features_out\n  weights: none\n", string.Empty, StringComparison.Ordinal)
            .Replace("  preprocessing: { color_order: bgr, scale: 255, mean: [103.9, 116.8, 123.7], std: [1, 1, 1] }\n  stages:\n    - { name: early, last_node: n12 }\n    - { name: late, last_node: n40 }\n", string.Empty, StringComparison.Ordinal)
            .Replace("{ until: late }, lr_mult: { late: 0.5 }", "none", StringComparison.Ordinal);

        var result = SpecLoader.Load(text);

        Assert.Empty(result.Diagnostics);
        var onnx = result.Document!.Spec.Backbone.Onnx!;
        Assert.Equal(("file", true, (string?)null, (PreprocessingSpec?)null), (result.Document.Spec.Backbone.Weights, onnx.Pretrained, onnx.Cut, onnx.Preprocessing));
        Assert.Equal(["backbone"], onnx.StageNames);
    }

    [Fact]
    public void Freeze_targets_of_an_onnx_backbone_are_its_stage_names()
    {
        var diagnostic = Assert.Single(Diagnostics(OnnxSpec.Replace("{ until: late }, lr_mult: { late: 0.5 }", "{ until: layer4 }", StringComparison.Ordinal)));

        Assert.Equal("TLD0009", diagnostic.Id);
        Assert.Equal("Backbone 'models/net.onnx' has no stage 'layer4'; its stages are: early, late", diagnostic.Message);
        Assert.Equal((14, 36), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Plan_of_an_onnx_backbone_names_its_stages_and_says_counts_are_unknown()
    {
        var plan = TrainingPlan.For(SpecLoader.Load(OnnxSpec).Document!.Spec);
        var markdown = plan.ToMarkdown();

        Assert.Null(plan.BackboneParameters);
        Assert.Equal(["late"], plan.Phases[1].TrainableStages);
        Assert.Contains("- Backbone: models/net.onnx (ONNX file, random initial weights, cut at features_out), parameters not known at build time (read from the file when the run starts); stages: early, late\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Trainable parameters: not known at build time (the ONNX file is read when the run starts)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| early     |          ? | frozen | frozen |\n", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  onnx: models/net.onnx\n", "  name: resnet18\n  onnx: models/net.onnx\n", "TLD0019", 6, 9, "'name' and 'onnx' cannot both be set in backbone: a backbone is a catalogue network (name) or an ONNX file (onnx)")]
    [InlineData("  onnx: models/net.onnx\n", "  onnx: models/net.pb\n", "TLD0004", 5, 9, "'backbone.onnx' must be the path of a .onnx file, but the value is 'models/net.pb'")]
    [InlineData("  weights: none\n", "  weights: imagenet\n", "TLD0006", 7, 12, "Unknown weights for an ONNX backbone 'imagenet'; valid values: file, none")]
    [InlineData("std: [1, 1, 1]", "std: [1, 0, 1]", "TLD0005", 8, 88, "'backbone.preprocessing.std[1]' must be greater than 0, but is 0")]
    [InlineData("std: [1, 1, 1]", "std: [1, 1]", "TLD0004", 8, 84, "'backbone.preprocessing.std' must be a list of 3 numbers, one per channel, but the value is a list of 2")]
    [InlineData("{ name: late, last_node: n40 }", "{ name: early, last_node: n40 }", "TLD0008", 11, 15, "Stage 'early' is declared more than once")]
    public void Onnx_settings_are_checked_at_their_value(string find, string replace, string id, int row, int column, string message)
    {
        var text = OnnxSpec.Replace(find, replace, StringComparison.Ordinal);

        var diagnostic = Assert.Single(Diagnostics(text), d => d.Id == id);

        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((row, column), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Onnx_only_keys_are_refused_with_a_catalogue_name()
    {
        var diagnostic = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet18, cut: node7 }")));

        Assert.Equal("TLD0019", diagnostic.Id);
        Assert.Equal("'name' and 'cut' cannot both be set in backbone: cut is for ONNX backbones (onnx: file.onnx)", diagnostic.Message);
        Assert.Equal((9, 34), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void A_backbone_needs_a_name_or_an_onnx_file()
    {
        var diagnostic = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { weights: imagenet }")));

        Assert.Equal("TLD0020", diagnostic.Id);
        Assert.Equal("backbone needs 'name' or 'onnx': a backbone is a catalogue network (name) or an ONNX file (onnx)", diagnostic.Message);
        Assert.Equal((9, 11), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Unknown_named_weights_list_the_backbones_weights_and_whether_files_are_accepted()
    {
        var diagnostic = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet18, weights: imagenet21k }")));

        var entries = BuiltInBackbones.All.Where(b => b.Name == "resnet18").ToList();
        var files = entries.Any(b => b.AcceptsWeightFiles) ? "accepts weight files (.dat, .pt, .pth, .safetensors)" : "accepts no weight files";
        Assert.Equal("TLD0022", diagnostic.Id);
        Assert.Equal("Backbone 'resnet18' has no weights 'imagenet21k': its weights are " + string.Join(", ", entries.SelectMany(b => b.Weights).Distinct()) + ", and it " + files, diagnostic.Message);
        Assert.StartsWith("Backbone 'resnet18' has no weights 'imagenet21k': its weights are imagenet, none", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((9, 38), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Torchvision_weights_names_are_checked_against_the_table_at_the_yaml_line()
    {
        Assert.Empty(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet101, weights: imagenet }")));
        Assert.Empty(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet50, weights: IMAGENET1K_V1 }")));
        Assert.Same(BuiltInBackbones.All[0], BuiltInBackbones.Find("resnet18", "imagenet"));
        Assert.NotSame(BuiltInBackbones.All[0], BuiltInBackbones.Find("resnet18", "IMAGENET1K_V1"));

        var diagnostic = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet50, weights: IMAGENET1K_V3 }")));

        Assert.Equal("TLD0022", diagnostic.Id);
        Assert.Equal("Backbone 'resnet50' has no weights 'IMAGENET1K_V3': its weights are imagenet, IMAGENET1K_V1, IMAGENET1K_V2, none, and it accepts weight files (.dat, .pt, .pth, .safetensors)", diagnostic.Message);
        Assert.Equal((9, 38), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Custom_weights_need_a_url_and_the_full_hash_and_round_trip()
    {
        const string Sha = "7ebf99e0a7c8a7e6c9c1b2e5d2a0f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";
        var result = SpecLoader.Load(SpecTexts.WithLine(9, "backbone: { name: resnet50, weights: { url: https://store.example/team/r50.pth, sha256: " + Sha + " } }"));

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal(("https://store.example/team/r50.pth", Sha), (spec.Backbone.Weights, spec.Backbone.WeightsSha256));
        Assert.Same(BuiltInBackbones.Find("resnet50"), TrainingPlan.For(spec).Backbone);
        Assert.Equal(spec, SpecLoader.Load(SpecYamlWriter.Write(spec)).Document!.Spec);

        var bad = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet50, weights: { url: https://store.example/r50.pth, sha256: 7ebf99e0 } }")));
        Assert.Equal("TLD0004", bad.Id);
        Assert.Equal("'backbone.weights.sha256' must be the file's full SHA-256 (64 hex digits), but the value is '7ebf99e0'", bad.Message);
        Assert.Equal(9, bad.Span.StartLine);
        var missing = Assert.Single(Diagnostics(SpecTexts.WithLine(9, "backbone: { name: resnet50, weights: { url: https://store.example/r50.pth } }")));
        Assert.Contains("sha256", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_weights_table_is_torchvisions_for_every_catalogue_architecture()
    {
        var architectures = BuiltInBackbones.All.Where(b => b.AcceptsWeightFiles).Select(b => b.Name).ToList();

        Assert.Equal(19, architectures.Count);
        Assert.All(architectures, a => Assert.Single(PretrainedWeightsTable.For(a), w => w.IsDefault));
        Assert.Equal(24, PretrainedWeightsTable.All.Count);
        var mobilenet = PretrainedWeightsTable.Find("mobilenet_v2", "imagenet")!;
        Assert.Equal(("IMAGENET1K_V2", "mobilenet_v2-7ebf99e0.pth", "7ebf99e0", 72.154), (mobilenet.Name, mobilenet.FileName, mobilenet.HashPrefix, mobilenet.Top1));
        Assert.Equal("0cc3c7bd", PretrainedWeightsTable.Find("inception_v3", "IMAGENET1K_V1")!.HashPrefix);
    }

    [Fact]
    public void A_weight_file_selects_the_entry_that_accepts_files_or_is_an_error()
    {
        var result = SpecLoader.Load(SpecTexts.WithLine(9, "backbone: { name: resnet18, weights: weights/resnet18.pth }"));

        var accepting = BuiltInBackbones.Find("resnet18", "weights/resnet18.pth");
        if (accepting is null)
        {
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("TLD0022", diagnostic.Id);
            Assert.EndsWith("and it accepts no weight files", diagnostic.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(result.Diagnostics);
            var plan = TrainingPlan.For(result.Document!.Spec);
            Assert.Same(accepting, plan.Backbone);
            Assert.StartsWith("- Backbone: resnet18 (weights from weights/resnet18.pth), ", plan.Lines().Single(l => l.StartsWith("- Backbone:", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Writer_round_trips_an_onnx_backbone()
    {
        var spec = SpecLoader.Load(OnnxSpec).Document!.Spec;

        var text = SpecYamlWriter.Write(spec);

        Assert.Contains("backbone:\n  onnx: models/net.onnx\n  cut: features_out\n  weights: none\n  preprocessing: { color_order: bgr, scale: 255, mean: [103.9, 116.8, 123.7], std: [1, 1, 1] }\n  stages:\n    - { name: early, last_node: n12 }\n", text, StringComparison.Ordinal);
        Assert.Equal(spec, SpecLoader.Load(text).Document!.Spec);
    }
}
