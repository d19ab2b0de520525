using TLDeclarative.Spec.Model;

namespace TLDeclarative.Spec.Tests;

public sealed class SpecReaderTests
{
    [Fact]
    public void Reads_every_setting_of_the_tutorial_spec()
    {
        var result = SpecLoader.Load(SpecTexts.Valid);

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal("CatsVsDogs", spec.Name);
        Assert.Equal(7, spec.Seed);
        Assert.Equal(["cats", "dogs"], spec.Classes);
        Assert.Equal(new DataSpec("data/train", "data/validation", null, 150, 160, 16), spec.Data);
        Assert.Equal(new BackboneSpec("resnet18", "imagenet"), spec.Backbone);
        Assert.Equal(PoolingKind.GlobalAverage, spec.Head.Pooling);
        Assert.Equal(
            [new HeadLayerSpec(HeadLayerKind.Dropout, 0.2, 0, ActivationKind.None), new HeadLayerSpec(HeadLayerKind.Dense, 0, 64, ActivationKind.Relu)],
            spec.Head.Layers);
        Assert.Equal(new AugmentationSpec(20, 0.2, 0.1, 0.2, 0.3, true, FillModeKind.Reflect), spec.Augmentation);
        Assert.Equal(2, spec.Phases.Count);
        Assert.Equal(new PhaseSpec("feature_extraction", FreezeSpec.All, new OptimizerSpec(OptimizerKind.Adam, 1e-4, 0), 10), spec.Phases[0]);
        Assert.Equal(new PhaseSpec("fine_tuning", new FreezeSpec(FreezeKind.Until, "layer4"), new OptimizerSpec(OptimizerKind.RmsProp, 1e-5, 0.5), 5), spec.Phases[1]);
        Assert.Equal("artifacts/cats", spec.Output);
    }

    [Fact]
    public void Defaults_fill_in_optional_settings()
    {
        var text = """
            experiment: Minimal
            classes: [a, b, c]
            data: { train: t, validation: v, image_size: 64 }
            backbone: { name: resnet18 }
            phases:
              - { name: only, freeze: none, optimizer: { sgd: { learning_rate: 0.01 } }, epochs: 1 }
            """;

        var result = SpecLoader.Load(text);

        Assert.Empty(result.Diagnostics);
        var spec = result.Document!.Spec;
        Assert.Equal(42, spec.Seed);
        Assert.Equal(new DataSpec("t", "v", null, 64, 64, 32), spec.Data);
        Assert.Equal("imagenet", spec.Backbone.Weights);
        Assert.Equal(new HeadSpec(PoolingKind.GlobalAverage, default), spec.Head);
        Assert.Equal(AugmentationSpec.None, spec.Augmentation);
        Assert.Equal("artifacts/Minimal", spec.Output);
    }

    [Fact]
    public void Records_the_position_of_every_value()
    {
        var document = SpecLoader.Load(SpecTexts.Valid).Document!;

        var until = document.Locations.Of("phases[1].freeze.until");
        Assert.Equal((29, 22), (until.StartLine, until.StartColumn));
        var learningRate = document.Locations.Of("phases[0].optimizer.learning_rate");
        Assert.Equal((26, 41), (learningRate.StartLine, learningRate.StartColumn));
        Assert.Equal(SpecTexts.Valid.IndexOf("layer4", StringComparison.Ordinal), until.StartOffset);
    }

    [Fact]
    public void Equal_texts_give_equal_documents()
    {
        // The incremental generator relies on value equality to skip unchanged specs.
        Assert.Equal(SpecLoader.Load(SpecTexts.Valid).Document, SpecLoader.Load(SpecTexts.Valid).Document);
        Assert.NotEqual(SpecLoader.Load(SpecTexts.Valid).Document, SpecLoader.Load(SpecTexts.WithLine(2, "seed: 8")).Document);
    }
}
