using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

public sealed class FreezeSemanticsTests
{
    [Fact]
    public void Freezing_all_stages_leaves_only_the_head_trainable()
    {
        using var model = TinyModels.TwoClass();

        model.ApplyFreeze(FreezePolicy.All);

        Assert.All(model.Backbone.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(model.Head.parameters().Count(), model.TrainableParameters().Count);
        Assert.All(model.TrainableParameters(), p => Assert.Contains(model.Head.parameters(), h => ReferenceEquals(h, p)));
    }

    [Fact]
    public void Until_freezes_the_stages_before_the_named_one()
    {
        using var model = TinyModels.TwoClass();

        model.ApplyFreeze(FreezePolicy.Until("block2"));

        var stages = model.Backbone.Stages;
        Assert.All(stages[0].Modules.Concat(stages[1].Modules).SelectMany(m => m.parameters()), p => Assert.False(p.requires_grad));
        Assert.All(stages[2].Modules.SelectMany(m => m.parameters()), p => Assert.True(p.requires_grad));
        Assert.Throws<InvalidOperationException>(() => model.ApplyFreeze(FreezePolicy.Until("layer9")));
    }

    [Fact]
    public void Train_mode_keeps_frozen_batch_norm_in_inference_mode()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Until("block2"));

        model.train();

        var batchNorms = model.Backbone.Stages.Select(s => s.Modules.OfType<BatchNorm2d>().Single()).ToList();
        Assert.Equal([false, false, true], batchNorms.Select(b => b.training));
        Assert.True(model.Head.training);
    }

    [Fact]
    public void Frozen_layers_are_bit_identical_after_both_phases_and_trained_ones_move()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        var stages = model.Backbone.Stages;
        var before = stages.Select(Snapshot).ToList();
        PhaseDefinition[] phases =
        [
            new("feature_extraction", FreezePolicy.All, 1, 2, p => optim.Adam(p, lr: 1e-2)),
            new("fine_tuning", FreezePolicy.Until("block2"), 3, 4, p => optim.RMSProp(p, lr: 1e-3)),
        ];

        new Trainer(model, new NullTrainingProgress()).Run(
            phases,
            new BatchLoader(trainData, 8, CPU, shuffle: true, seed: 1),
            new BatchLoader(validationData, 8, CPU, shuffle: false, seed: 1),
            augmenter: null);

        var after = stages.Select(Snapshot).ToList();
        // stem and block1 stay frozen in both phases: weights AND BatchNorm running statistics.
        Assert.Equal(before[0], after[0]);
        Assert.Equal(before[1], after[1]);
        // block2 trains in phase 2: its weights and running statistics change.
        Assert.NotEqual(before[2], after[2]);
    }

    [Fact]
    public void Frozen_parameters_get_no_gradients()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Until("block2"));
        model.train();

        using var images = rand(4, 3, 32, 32);
        model.call(images).sum().backward();

        var stages = model.Backbone.Stages;
        Assert.All(stages[0].Modules.SelectMany(m => m.parameters()), p => Assert.Null(p.grad));
        Assert.All(stages[2].Modules.SelectMany(m => m.parameters()), p => Assert.NotNull(p.grad));
    }

    /// <summary>Every parameter and buffer of a stage as raw floats, for bit-exact comparison.</summary>
    private static string Snapshot(TLDeclarative.Backbones.BackboneStage stage) =>
        string.Join(
            ";",
            stage.Modules.SelectMany(m => m.parameters().Cast<Tensor>().Concat(m.buffers().Where(b => b.dtype == ScalarType.Float32)))
                .Select(t => Convert.ToHexString(t.detach().cpu().contiguous().bytes)));
}
