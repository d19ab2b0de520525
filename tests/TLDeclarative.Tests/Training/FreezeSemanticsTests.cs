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

public sealed class FreezePolicyRuntimeTests
{
    [Fact]
    public void Last_stages_trains_only_the_last_n()
    {
        using var model = TinyModels.TwoClass();

        model.ApplyFreeze(FreezePolicy.LastStages(1));

        var stages = model.Backbone.Stages;
        Assert.All(stages[0].Modules.Concat(stages[1].Modules).SelectMany(m => m.parameters()), p => Assert.False(p.requires_grad));
        Assert.All(stages[2].Modules.SelectMany(m => m.parameters()), p => Assert.True(p.requires_grad));
        Assert.Throws<InvalidOperationException>(() => model.ApplyFreeze(FreezePolicy.LastStages(4)));
    }

    [Fact]
    public void Matching_trains_stages_and_parameters_the_globs_name()
    {
        using var model = TinyModels.TwoClass();

        model.ApplyFreeze(FreezePolicy.Matching("block2", "block1.1.*"));

        var trainable = BackboneParameters.Of(model.Backbone).Where(p => p.Parameter.requires_grad).Select(p => p.Name);
        Assert.Equal(["block1.1.weight", "block1.1.bias", "block2.0.weight", "block2.0.bias", "block2.1.weight", "block2.1.bias"], trainable);
    }

    [Fact]
    public void A_glob_that_matches_no_parameter_is_an_error_naming_it_and_real_names()
    {
        using var model = TinyModels.TwoClass();

        var error = Assert.Throws<InvalidOperationException>(() => model.ApplyFreeze(FreezePolicy.Matching("block1.7.*")));

        Assert.Contains("'block1.7.*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("block1.0.weight", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => model.ApplyFreeze(FreezePolicy.Matching("layer4")));
    }

    [Fact]
    public void Frozen_batch_norm_keeps_running_statistics_and_gets_no_gradients()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.All, BatchNormPolicy.Frozen);
        var batchNorm = model.Backbone.Stages[0].Modules.OfType<BatchNorm2d>().Single();
        var mean = batchNorm.running_mean!.clone();

        model.train();
        using var images = rand(4, 3, 32, 32);
        model.call(images).sum().backward();

        Assert.False(batchNorm.training);
        Assert.True(batchNorm.running_mean!.equal(mean).all().item<bool>());
        Assert.Null(batchNorm.weight!.grad);
    }

    [Fact]
    public void Trainable_batch_norm_updates_running_statistics_and_gets_gradients_while_convolutions_stay_frozen()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.All, BatchNormPolicy.Trainable);
        var stage = model.Backbone.Stages[0].Modules;
        var batchNorm = stage.OfType<BatchNorm2d>().Single();
        var conv = stage.OfType<Conv2d>().Single();
        var mean = batchNorm.running_mean!.clone();

        model.train();
        using var images = rand(4, 3, 32, 32);
        model.call(images).sum().backward();

        Assert.True(batchNorm.training);
        Assert.False(batchNorm.running_mean!.equal(mean).all().item<bool>());
        Assert.NotNull(batchNorm.weight!.grad);
        Assert.Null(conv.weight!.grad);
        Assert.Contains(model.TrainableParameters(), p => ReferenceEquals(p, batchNorm.weight));
    }

    [Fact]
    public void Learning_rate_multipliers_become_parameter_groups_of_the_same_optimizer()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Until("block1"));
        var phase = new PhaseDefinition("tune", FreezePolicy.Until("block1"), 1, 1, p => optim.SGD(p, learningRate: 0.1, momentum: 0.9))
        {
            LearningRateMultipliers = [new("block1", 0.1), new("block2", 1.0)],
        };

        using var optimizer = ParameterGroups.Create(model, phase);

        var groups = ((OptimizerHelper)optimizer).ParamGroups.Cast<ParamGroup>().ToList();
        Assert.Equal([0.1, 0.1 * 0.1], groups.Select(g => g.LearningRate), new ToleranceComparer());
        Assert.Equal(0.9, ((SGD.Options)groups[1].Options).momentum);
        var block1 = model.Backbone.Stages[1].Modules.SelectMany(m => m.parameters()).ToList();
        Assert.Equal(block1.Count, groups[1].Parameters.Count());
        Assert.All(groups[1].Parameters, p => Assert.Contains(block1, b => ReferenceEquals(b, p)));
        Assert.Equal(model.TrainableParameters().Count, groups.Sum(g => g.Parameters.Count()));

        // One SGD step: the multiplied stage moves a tenth as far.
        foreach (var p in model.parameters()) p.grad = ones_like(p);
        var before0 = model.Backbone.Stages[2].Modules[0].parameters().First().detach().clone();
        var before1 = model.Backbone.Stages[1].Modules[0].parameters().First().detach().clone();
        optimizer.step();
        var moved0 = (before0 - model.Backbone.Stages[2].Modules[0].parameters().First().detach()).abs().max().item<float>();
        var moved1 = (before1 - model.Backbone.Stages[1].Modules[0].parameters().First().detach()).abs().max().item<float>();
        Assert.Equal(0.1, moved1 / moved0, 4);
    }

    [Fact]
    public void A_multiplier_on_a_frozen_stage_is_an_error()
    {
        using var model = TinyModels.TwoClass();
        model.ApplyFreeze(FreezePolicy.Until("block2"));
        var phase = new PhaseDefinition("tune", FreezePolicy.Until("block2"), 1, 1, p => optim.Adam(p, lr: 0.1)) { LearningRateMultipliers = [new("stem", 0.1)] };

        var error = Assert.Throws<InvalidOperationException>(() => ParameterGroups.Create(model, phase));

        Assert.Contains("'stem', which is frozen", error.Message, StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
