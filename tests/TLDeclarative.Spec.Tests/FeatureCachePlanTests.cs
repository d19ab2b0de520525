using TLDeclarative.Spec.Planning;

namespace TLDeclarative.Spec.Tests;

/// <summary>
/// The training plan's per-phase feature-cache decision. The run time applies the same rule, so each
/// branch of it is pinned here with its exact words.
/// </summary>
public sealed class FeatureCachePlanTests
{
    private static string Spec(string freeze, string augmentation, string extraPhase = "", string topLevel = "", string backbone = "{ name: resnet18, weights: imagenet }") => $$"""
        experiment: Cache
        classes: [cats, dogs]
        data: { train: data/train, validation: data/validation, image_size: 64 }
        backbone: {{backbone}}
        augmentation: {{augmentation}}
        phases:
          - { name: only, freeze: {{freeze}}, optimizer: { adam: { learning_rate: 1.0e-3 } }, epochs: 4{{extraPhase}} }
        {{topLevel}}
        """;

    private static string CacheLine(string text)
    {
        var result = SpecLoader.Load(text);
        Assert.Empty(result.Diagnostics);
        var line = Assert.Single(TrainingPlan.For(result.Document!.Spec).Lines(), l => l.StartsWith("- Feature cache: ", StringComparison.Ordinal));
        return line["- Feature cache: ".Length..];
    }

    [Theory]
    [InlineData("all", "{}", "", "", "on: the whole backbone's output computed once per image (exact)")]
    [InlineData("{ until: layer4 }", "{}", "", "", "on: layer3 output computed once per image (exact)")]
    [InlineData("{ except: [layer1] }", "{}", "", "", "on: stem output computed once per image (exact)")]
    [InlineData("none", "{}", "", "", "off: no leading backbone stage is frozen in this phase")]
    [InlineData("all", "{}", ", batch_norm: trainable", "", "off: batch_norm: trainable updates the running statistics of frozen stages, so their output changes")]
    [InlineData("all", "{}", "", "feature_cache: off", "off (feature_cache: off)")]
    [InlineData("all", "{ horizontal_flip: true, mixup: 0.2 }", "", "feature_cache: { views: 4 }", "off: mixup/cutmix mix images before the backbone")]
    [InlineData("all", "{ cutmix: 1.0 }", "", "", "off: mixup/cutmix mix images before the backbone")]
    [InlineData("{ train_last: 1 }", "{ rotation: 10 }", "", "feature_cache: { views: 4 }", "on: 4 augmented views per image cached (epoch e uses view (e-1) mod 4), layer3 output")]
    [InlineData("all", "{ brightness: 0.2 }", "", "", "off: augmentation changes every epoch; set feature_cache.views to cache N augmented views")]
    public void Decision_follows_the_rule(string freeze, string augmentation, string extraPhase, string topLevel, string expected)
    {
        Assert.Equal(expected, CacheLine(Spec(freeze, augmentation, extraPhase, topLevel)));
    }

    [Fact]
    public void An_onnx_backbone_without_stages_is_one_stage_the_whole_backbone()
    {
        Assert.Equal("on: the whole backbone's output computed once per image (exact)", CacheLine(Spec("all", "{}", backbone: "{ onnx: models/net.onnx }")));
    }

    [Fact]
    public void Cached_stages_of_an_onnx_backbone_are_its_named_ones()
    {
        var backbone = "{ onnx: models/net.onnx, stages: [ { name: early, last_node: a }, { name: mid, last_node: b }, { name: late, last_node: c } ] }";

        Assert.Equal("on: mid output computed once per image (exact)", CacheLine(Spec("{ until: late }", "{}", backbone: backbone)));
    }
}
