using TLDeclarative.Backbones;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones;

/// <summary>The model summary of the embedded ResNet-18: exact stage shapes, per-stage counts, freeze state.</summary>
[Collection(ResNet18FixtureDefinition.Name)]
public sealed class ResNet18SummaryTests(ResNet18Fixture fixture, ResNet18SummaryTests.FreshModel fresh, ITestOutputHelper output)
    : IClassFixture<ResNet18SummaryTests.FreshModel>
{
    private static readonly long[] StageParameters = [9_536, 147_968, 525_568, 2_099_712, 13_114_368];

    // Conv 7x7/2 pad 3 then MaxPool 3x3/2 pad 1 (the stem), then one stride-2 block per later stage:
    // 224 -> 112 -> 56 | 56 | 28 | 14 | 7 and 150 -> 75 -> 38 | 38 | 19 | 10 | 5.
    [Theory]
    [InlineData(224, new long[] { 56, 56, 28, 14, 7 })]
    [InlineData(150, new long[] { 38, 38, 19, 10, 5 })]
    public void Stage_shapes_are_exact(int size, long[] sides)
    {
        long[] channels = [64, 64, 128, 256, 512];

        var shapes = fixture.Pretrained.StageOutputShapes(size, size);

        Assert.Equal(
            sides.Select((side, i) => new[] { 1, channels[i], side, side }),
            shapes);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Assert.Equal(fixture.Pretrained.call(zeros(1, 3, size, size)).shape, shapes[^1]);
    }

    [Fact]
    public void Non_square_images_get_their_own_shapes()
    {
        var shapes = fixture.Pretrained.StageOutputShapes(96, 160);

        Assert.Equal(new long[] { 1, 64, 24, 40 }, shapes[0]);
        Assert.Equal(new long[] { 1, 512, 3, 5 }, shapes[^1]);
    }

    [Fact]
    public void Feature_extraction_freezes_every_stage_and_trains_the_head()
    {
        var model = fresh.Model;
        model.ApplyFreeze(FreezePolicy.All);

        var summary = ModelSummary.Of(model, "feature_extraction", 150, 150);

        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], summary.Rows.Select(r => r.Name));
        Assert.Equal([.. StageParameters, 513], summary.Rows.Select(r => r.Parameters));
        Assert.Equal(["frozen", "frozen", "frozen", "frozen", "frozen", "trainable"], summary.Rows.Select(r => r.Training));
        Assert.All(summary.Rows.Take(5), r => Assert.Equal("inference", r.BatchNorm));
        Assert.Equal(new long[] { 1, 1 }, summary.Rows[^1].OutputShape);
        Assert.Equal(StageParameters.Sum() + 513, summary.TotalParameters);
        Assert.Equal(513, summary.TrainableParameters);
        Assert.Equal(StageParameters.Sum(), summary.FrozenParameters);
        output.WriteLine(summary.ToText());
    }

    [Fact]
    public void Fine_tuning_until_layer4_trains_layer4_and_the_head()
    {
        var model = fresh.Model;
        model.ApplyFreeze(FreezePolicy.Until("layer4"));

        var summary = ModelSummary.Of(model, "fine_tuning", 150, 150);

        Assert.Equal(["frozen", "frozen", "frozen", "frozen", "trainable", "trainable"], summary.Rows.Select(r => r.Training));
        Assert.Equal(["inference", "inference", "inference", "inference", "training", "-"], summary.Rows.Select(r => r.BatchNorm));
        Assert.Equal(13_114_368 + 513, summary.TrainableParameters);
        Assert.Equal(StageParameters.Take(4).Sum(), summary.FrozenParameters);
        Assert.Equal("(N, 512, 5, 5)", summary.Rows[4].FormatShape());
        output.WriteLine(summary.ToText());
        output.WriteLine(summary.ToMarkdown());
    }

    [Fact]
    public void Summary_leaves_training_modes_and_running_statistics_alone()
    {
        var model = fresh.Model;
        model.ApplyFreeze(FreezePolicy.Until("layer4"));
        model.train();
        var batchNorms = model.Backbone.Stages.SelectMany(s => s.Modules).OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
        var modes = batchNorms.Select(b => b.training).ToList();
        var means = batchNorms.Select(b => b.running_mean!.clone()).ToList();

        ModelSummary.Of(model, "fine_tuning", 64, 64);

        Assert.True(model.training);
        Assert.Equal(modes, batchNorms.Select(b => b.training));
        Assert.Contains(true, modes);
        Assert.Contains(false, modes);
        Assert.All(batchNorms.Zip(means), p => Assert.True(p.First.running_mean!.equal(p.Second).all().item<bool>()));
    }

    /// <summary>One randomly initialised ResNet-18 + head for this class: each test applies its own freeze policy.</summary>
    public sealed class FreshModel : IDisposable
    {
        public FreshModel()
        {
            var backbone = ImageNetResNet18.Load(ResNet18ModelFiles.Locate(), pretrained: false);
            var head = nn.Sequential(
                ("pool", nn.AdaptiveAvgPool2d(1)),
                ("flatten", nn.Flatten()),
                ("dropout1", nn.Dropout(0.2)),
                ("output", nn.Linear(backbone.OutputChannels, 1)));
            Model = new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
        }

        public TransferModel Model { get; }

        public void Dispose() => Model.Dispose();
    }
}
