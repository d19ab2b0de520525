using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void Phases_continue_the_epoch_count_with_their_own_optimizer()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 24, validationPerClass: 12);
        using var trainData = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();
        PhaseDefinition[] phases =
        [
            new("feature_extraction", FreezePolicy.All, 1, 3, p => optim.Adam(p, lr: 3e-2)),
            new("fine_tuning", FreezePolicy.None, 4, 12, p => optim.Adam(p, lr: 1e-2)),
        ];

        var history = new Trainer(model, new NullTrainingProgress()).Run(
            phases,
            new BatchLoader(trainData, 8, CPU, shuffle: true, seed: 1),
            new BatchLoader(validationData, 8, CPU, shuffle: false, seed: 1),
            augmenter: null);

        Assert.Equal(Enumerable.Range(1, 12), history.Epochs.Select(e => e.Epoch));
        Assert.Equal([.. Enumerable.Repeat("feature_extraction", 3), .. Enumerable.Repeat("fine_tuning", 9)], history.Epochs.Select(e => e.Phase));
        Assert.Equal([.. Enumerable.Repeat(3e-2, 3), .. Enumerable.Repeat(1e-2, 9)], history.Epochs.Select(e => e.LearningRate));
        Assert.All(history.Epochs, e => Assert.InRange(e.ValidationAccuracy!.Value, 0, 1));
        // How well it learns is the transfer tests' business; here the loss must at least fall.
        Assert.True(history.Epochs.TakeLast(3).Average(e => e.TrainLoss) < history.Epochs.Take(3).Average(e => e.TrainLoss), string.Join("\n", history.Epochs));
    }

    [Fact]
    public void Evaluate_counts_every_image_once()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 4, validationPerClass: 5);
        using var _ = train;
        using var validationData = validation;
        using var model = TinyModels.TwoClass();

        var evaluation = new Trainer(model, new NullTrainingProgress()).Evaluate(new BatchLoader(validationData, 3, CPU, shuffle: false, seed: 1));

        Assert.Equal(10, evaluation.Count);
        Assert.True(evaluation.Loss > 0);
    }

    [Fact]
    public void A_loss_that_becomes_nan_stops_the_run_before_it_reaches_the_weights()
    {
        using var folder = new TempFolder();
        var (train, validation) = TinyModels.DemoData(folder.Path, trainPerClass: 4, validationPerClass: 2);
        using var trainData = train;
        using var _ = validation;
        using var model = TinyModels.TwoClass();
        var output = model.Head.children().OfType<TorchSharp.Modules.Linear>().Single();
        using (no_grad())
            output.weight!.fill_(float.NaN);
        using var backboneBefore = model.Backbone.parameters().First().detach().clone();

        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(model, new NullTrainingProgress()).Run(
            [new("blowup", FreezePolicy.None, 3, 3, p => optim.SGD(p, learningRate: 0.1))],
            new BatchLoader(trainData, 4, CPU, shuffle: false, seed: 1),
            validation: null,
            augmenter: null));

        Assert.Equal(("blowup", 3, 1), (error.Phase, error.Epoch, error.Batch));
        Assert.StartsWith("Training diverged: the loss became NaN in phase 'blowup', epoch 3, batch 1", error.Message, StringComparison.Ordinal);
        // No optimizer step was taken with the diverged loss.
        Assert.True(backboneBefore.allclose(model.Backbone.parameters().First().detach(), rtol: 0, atol: 0));
    }
}
