using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

/// <summary>
/// The schedules, optimizers and clipping exactly as the generator writes them (see the
/// TrainingSettings snapshot), run by the trainer on the tiny model: the history records the rate
/// each epoch used.
/// </summary>
public sealed class ScheduleTests
{
    // 16 training images in batches of 8: two steps per epoch.
    private const int BatchesPerEpoch = 2;

    [Fact]
    public void Step_multiplies_by_gamma_every_step_size_epochs()
    {
        var rates = Rates(5, p => optim.SGD(p, learningRate: 0.1),
            new LearningRateSchedule(ScheduleStep.Epoch, (optimizer, _) => optim.lr_scheduler.StepLR(optimizer, step_size: 2, gamma: 0.5)));

        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], rates, Close);
    }

    [Fact]
    public void Cosine_without_warmup_decays_towards_the_minimum()
    {
        var rates = Rates(4, p => optim.SGD(p, learningRate: 0.1),
            new LearningRateSchedule(ScheduleStep.Epoch, (optimizer, _) => optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 4, eta_min: 0.02)));

        // 0.02 + 0.08 * (1 + cos(pi * k / 4)) / 2
        Assert.Equal([0.1, 0.08828427124746190, 0.06, 0.03171572875253810], rates, Close);
    }

    [Fact]
    public void Cosine_warms_up_linearly_then_decays()
    {
        var rates = Rates(5, p => optim.SGD(p, learningRate: 0.1),
            new LearningRateSchedule(ScheduleStep.Epoch, (optimizer, _) => optim.lr_scheduler.SequentialLR(optimizer, [optim.lr_scheduler.LinearLR(optimizer, start_factor: 0.5, end_factor: 1.0, total_iters: 1), optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 4, eta_min: 0)], milestones: [1])));

        // Warm-up epoch at 0.1 / 2, then 0.1 * (1 + cos(pi * k / 4)) / 2 for k = 0..3.
        Assert.Equal([0.05, 0.1, 0.08535533905932738, 0.05, 0.01464466094067262], rates, Close);
    }

    [Fact]
    public void One_cycle_steps_per_batch_and_the_history_holds_each_epochs_mean_rate()
    {
        const int epochs = 3;
        var rates = Rates(epochs, p => optim.SGD(p, learningRate: 0.1),
            new LearningRateSchedule(ScheduleStep.Batch, (optimizer, batches) => optim.lr_scheduler.OneCycleLR(optimizer, max_lr: 0.1, epochs: epochs, steps_per_epoch: batches, pct_start: 0.3, cycle_momentum: false)));

        var perStep = Enumerable.Range(0, epochs * BatchesPerEpoch).Select(step => OneCycle(step, epochs * BatchesPerEpoch, 0.1, 0.3)).ToList();
        var expected = Enumerable.Range(0, epochs).Select(e => perStep.Skip(e * BatchesPerEpoch).Take(BatchesPerEpoch).Average()).ToList();
        Assert.Equal(expected, rates, Close);
        Assert.Equal(0.1 / 25, perStep[0], 15);
    }

    [Fact]
    public void Reduce_on_plateau_cuts_the_rate_when_the_validation_loss_stalls()
    {
        // So small a rate that the validation loss never improves by the relative threshold (1e-4).
        var rates = Rates(6, p => optim.SGD(p, learningRate: 1e-6),
            new LearningRateSchedule(ScheduleStep.ValidationLoss, (optimizer, _) => optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode: "min", factor: 0.5, patience: 1, min_lr: [3e-7])));

        Assert.Equal([1e-6, 1e-6, 1e-6, 5e-7, 5e-7, 3e-7], rates, Close);
    }

    [Fact]
    public void Reduce_on_plateau_without_validation_data_is_a_clear_error()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 2);
        using var trainData = train;
        using var _ = validation;
        using var model = TinyModels.TwoClass();
        var phase = new PhaseDefinition("p", FreezePolicy.All, 1, 2, p => optim.SGD(p, learningRate: 0.1))
        {
            Schedule = new LearningRateSchedule(ScheduleStep.ValidationLoss, (optimizer, _) => optim.lr_scheduler.ReduceLROnPlateau(optimizer)),
        };

        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(model, new NullTrainingProgress())
            .Run([phase], new BatchLoader(trainData, 8, CPU, shuffle: false, seed: 1), null, null));
        Assert.Contains("validation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_clipping_bounds_the_step_of_plain_sgd()
    {
        // With SGD at rate 1 and no momentum, one step moves the parameters by exactly the (clipped) gradient.
        Assert.InRange(FirstStepNorm(maxNorm: 1e-3), 0.9e-3, 1.0001e-3);
        Assert.True(FirstStepNorm(maxNorm: null) > 1e-2, "without clipping the tiny model's first gradient is far larger");
    }

    [Fact]
    public void Weight_decay_and_nesterov_reach_the_optimizers()
    {
        using var model = TinyModels.TwoClass();
        var parameters = model.TrainableParameters().ToList();

        using var sgd = optim.SGD(parameters, learningRate: 0.1, momentum: 0.9, weight_decay: 0.0005, nesterov: true);
        var sgdOptions = ((SGD.ParamGroup)sgd.ParamGroups.First()).Options;
        Assert.True(sgdOptions.nesterov);
        Assert.Equal(0.9, sgdOptions.momentum);
        Assert.Equal(0.0005, sgdOptions.weight_decay);

        using var adamW = optim.AdamW(parameters, lr: 0.001, weight_decay: 0.01);
        Assert.Equal(0.01, (((AdamW.ParamGroup)adamW.ParamGroups.First()).Options).weight_decay);

        using var rmsProp = optim.RMSProp(parameters, lr: 0.001, momentum: 0.5, weight_decay: 0.001);
        Assert.Equal(0.001, (((RMSProp.ParamGroup)rmsProp.ParamGroups.First()).Options).weight_decay);

        using var adam = optim.Adam(parameters, lr: 0.001, weight_decay: 0.002);
        Assert.Equal(0.002, (((Adam.ParamGroup)adam.ParamGroups.First()).Options).weight_decay);
    }

    [Fact]
    public void Weight_decay_shrinks_the_weights_when_there_is_no_gradient_signal()
    {
        // AdamW's decoupled decay multiplies every weight by (1 - lr * decay) per step, gradient or not.
        using var model = TinyModels.TwoClass();
        var weight = model.TrainableParameters().ToList()[0];
        var before = weight.detach().clone();
        using var adamW = optim.AdamW([weight], lr: 0.1, weight_decay: 0.5);
        weight.grad = zeros_like(weight);
        adamW.step();

        Assert.True(allclose(weight.detach(), before * 0.95, rtol: 1e-6, atol: 1e-7));
    }

    private static readonly IEqualityComparer<double> Close = new CloseComparer();

    private static List<double> Rates(int epochs, Func<IEnumerable<Parameter>, optim.Optimizer> optimizer, LearningRateSchedule schedule)
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 8, validationPerClass: 4);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        var phase = new PhaseDefinition("p", FreezePolicy.All, 1, epochs, optimizer) { Schedule = schedule };

        var history = new Trainer(model, new NullTrainingProgress()).Run(
            [phase],
            new BatchLoader(trainData, 8, CPU, shuffle: false, seed: 1),
            new BatchLoader(validationData, 8, CPU, shuffle: false, seed: 1),
            augmenter: null);

        Assert.Equal(BatchesPerEpoch, new BatchLoader(trainData, 8, CPU, shuffle: false, seed: 1).BatchCount);
        return history.Epochs.Select(e => e.LearningRate).ToList();
    }

    private static double FirstStepNorm(double? maxNorm)
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 4, validationPerClass: 1);
        using var trainData = train;
        using var _ = validation;
        using var model = TinyModels.TwoClass();
        var before = model.TrainableParameters().Select(p => p.detach().clone()).ToList();
        var phase = new PhaseDefinition("p", FreezePolicy.None, 1, 1, p => optim.SGD(p, learningRate: 1.0)) { MaxGradientNorm = maxNorm };

        new Trainer(model, new NullTrainingProgress()).Run([phase], new BatchLoader(trainData, 8, CPU, shuffle: false, seed: 1), null, null);

        var after = model.TrainableParameters().ToList();
        double squares = 0;
        for (var i = 0; i < after.Count; i++)
            squares += (after[i].detach() - before[i]).pow(2).sum().item<float>();
        return Math.Sqrt(squares);
    }

    // PyTorch's OneCycleLR with cosine annealing, div_factor 25 and final_div_factor 1e4.
    private static double OneCycle(int step, int totalSteps, double maxRate, double warmupFraction)
    {
        var initial = maxRate / 25;
        var final = initial / 1e4;
        var up = (warmupFraction * totalSteps) - 1;
        var down = totalSteps - 1.0;
        static double Cosine(double start, double end, double pct) => end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1));
        return step <= up
            ? Cosine(initial, maxRate, step / up)
            : Cosine(maxRate, final, (step - up) / (down - up));
    }

    private sealed class CloseComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

        public int GetHashCode(double obj) => 0;
    }
}
