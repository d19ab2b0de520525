using TLDeclarative.Augmentation;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.ResumeHost;

public enum Animal
{
    Cats,
    Dogs,
}

/// <summary>
/// Written by hand the way the generator writes an experiment: two phases (Adam on the head, then SGD
/// with momentum and a step schedule on the top stage), dropout, augmentation, early stopping that
/// does not fire, and the best checkpoint by val_accuracy: every piece of state a resume must restore.
/// </summary>
public sealed class TinyExperiment : Experiment<Animal>
{
    public const string Spec = """
        experiment: ResumeHost
        seed: 7
        classes: [cats, dogs]
        data: {train: data/train, validation: data/validation, image_size: [32, 32], batch_size: 16}
        augmentation: {rotation: 15, width_shift: 0.1, horizontal_flip: true}
        phases:
          - name: feature_extraction
            freeze: all
            optimizer: {adam: {learning_rate: 0.01}}
            epochs: 2
            early_stopping: {monitor: val_loss, patience: 5}
          - name: fine_tuning
            freeze: {until: block2}
            optimizer: {sgd: {learning_rate: 0.05, momentum: 0.9}}
            schedule: {step: {step_size: 1, gamma: 0.5}}
            epochs: 4
        checkpoints: {monitor: val_accuracy}
        output: out
        """;

    public TinyExperiment()
        : this(0.05)
    {
    }

    /// <summary>The same experiment with another fine-tuning learning rate: a second version of the spec.</summary>
    public TinyExperiment(double fineTuningRate)
        : base(Create(fineTuningRate))
    {
    }

    private static ExperimentDefinition Create(double fineTuningRate)
    {
        var spec = Spec.Replace("learning_rate: 0.05,", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"learning_rate: {fineTuningRate},"), StringComparison.Ordinal);
        return new ExperimentDefinition
        {
            Name = "ResumeHost",
            SpecFile = "resume-host.tl.yaml",
            SpecText = spec,
            NormalizedSpec = spec,
            Seed = 7,
            Classes = ["cats", "dogs"],
            Data = new DataSettings("data/train", "data/validation", null, 32, 32, 16),
            Augmentation = new AugmentationSettings(15, 0.1, 0, 0, 0, HorizontalFlip: true, FillMode.Nearest),
            Phases =
            [
                new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, 2, p => optim.Adam(p, lr: 0.01))
                {
                    EarlyStopping = new EarlyStoppingSettings(MonitoredMetric.ValidationLoss, Patience: 5),
                },
                new PhaseDefinition("fine_tuning", FreezePolicy.Until("block2"), 3, 6, p => optim.SGD(p, learningRate: fineTuningRate, momentum: 0.9))
                {
                    Schedule = new LearningRateSchedule(ScheduleStep.Epoch, (o, _) => optim.lr_scheduler.StepLR(o, step_size: 1, gamma: 0.5)),
                },
            ],
            Checkpoints = new CheckpointSettings(MonitoredMetric.ValidationAccuracy),
            Output = "out",
            BuildModel = () =>
            {
                var backbone = new SmallBackbone();
                var head = nn.Sequential(
                    ("pool", nn.AdaptiveAvgPool2d(1)),
                    ("flatten", nn.Flatten()),
                    ("dropout1", nn.Dropout(0.3)),
                    ("output", nn.Linear(backbone.OutputChannels, 1)));
                return new TransferModel(backbone, head, ClassifierOutput.Sigmoid);
            },
        };
    }
}
