namespace TLDeclarative.Declarations;

/// <summary>
/// One training phase (an item of YAML <c>phases</c>). Phases are numbered 1, 2, 3, ... and run
/// in that order; epoch numbers continue from one phase to the next. Every phase sets exactly one
/// freeze policy (<see cref="Freeze"/>, <see cref="FreezeUntil"/>, <see cref="FreezeTrainLast"/> or
/// <see cref="FreezeExcept"/>), an <see cref="Optimizer"/>, a <see cref="LearningRate"/> and its
/// <see cref="Epochs"/>.
/// </summary>
/// <example>
/// <code>
/// [Phase(1, "feature_extraction", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-4, Epochs = 10)]
/// [Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 10)]
/// [Phase(3, "discriminative", FreezeExcept = new[] { "layer4", "layer3.1.*" }, LearningRateMultipliers = new[] { "layer4=1.0", "layer3=0.1" },
///     Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 5)]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PhaseAttribute : Attribute
{
    /// <param name="number">Position of the phase: 1 for the first.</param>
    /// <param name="name">Phase name (YAML <c>name</c>), e.g. <c>"fine_tuning"</c>.</param>
    public PhaseAttribute(int number, string name)
    {
        Number = number;
        Name = name;
    }

    /// <summary>Position of the phase, from 1.</summary>
    public int Number { get; }

    /// <summary>Phase name.</summary>
    public string Name { get; }

    /// <summary>Freeze the whole backbone (<see cref="Freeze.All"/>) or nothing (<see cref="Freeze.None"/>) (YAML <c>freeze: all | none</c>).</summary>
    public Freeze Freeze { get; set; }

    /// <summary>
    /// The first backbone stage that trains; all stages before it stay frozen, BatchNorm included
    /// (YAML <c>freeze: { until: layer4 }</c>). Use instead of <see cref="Freeze"/>.
    /// </summary>
    public string? FreezeUntil { get; set; }

    /// <summary>
    /// How many of the backbone's last stages train; the others stay frozen (YAML <c>freeze: { train_last: 2 }</c>;
    /// on resnet18, 2 trains layer3 and layer4). Use instead of <see cref="Freeze"/>.
    /// </summary>
    public int FreezeTrainLast { get; set; }

    /// <summary>
    /// Globs (<c>*</c> any run of characters, <c>?</c> one character) over stage and parameter names that
    /// train; everything else in the backbone stays frozen (YAML <c>freeze: { except: [layer4, "layer3.1.*"] }</c>).
    /// Use instead of <see cref="Freeze"/>.
    /// </summary>
    public string[]? FreezeExcept { get; set; }

    /// <summary>BatchNorm layers of the frozen stages (YAML <c>batch_norm</c>); <see cref="BatchNorm.Frozen"/> when not set.</summary>
    public BatchNorm BatchNorm { get; set; }

    /// <summary>
    /// Discriminative fine-tuning (YAML <c>lr_mult</c>): one <c>"stage=multiplier"</c> per stage, e.g.
    /// <c>new[] { "layer4=1.0", "layer3=0.1" }</c>; the stage's parameters train at the multiplier times
    /// <see cref="LearningRate"/>. Stages not listed and the head get 1. Only stages that train in this phase.
    /// </summary>
    public string[]? LearningRateMultipliers { get; set; }

    /// <summary>The optimizer over the parameters that train in this phase.</summary>
    public Optimizer Optimizer { get; set; }

    /// <summary>Learning rate, greater than 0 and at most 1 (YAML <c>learning_rate</c>).</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum in [0, 1) for <see cref="Optimizer.Sgd"/> and <see cref="Optimizer.RmsProp"/>; none when not set.</summary>
    public double Momentum { get; set; }

    /// <summary>Epochs of this phase, at least 1.</summary>
    public int Epochs { get; set; }

    /// <summary>Weight decay in [0, 1) (YAML <c>weight_decay</c>); 0 when not set, 0.01 for <see cref="Optimizer.AdamW"/>.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Nesterov momentum for <see cref="Optimizer.Sgd"/> (YAML <c>nesterov</c>); needs <see cref="Momentum"/> above 0.</summary>
    public bool Nesterov { get; set; }

    /// <summary>The learning-rate schedule (YAML <c>schedule</c>); constant when not set.</summary>
    public Schedule Schedule { get; set; }

    /// <summary><see cref="Schedule.Step"/>: epochs between two reductions (YAML <c>step_size</c>); required for it.</summary>
    public int StepSize { get; set; }

    /// <summary><see cref="Schedule.Step"/>: the factor of each reduction, in (0, 1] (YAML <c>gamma</c>); 0.1 when not set.</summary>
    public double Gamma { get; set; }

    /// <summary><see cref="Schedule.Cosine"/>: epochs of linear warm-up (YAML <c>warmup_epochs</c>); 0 when not set.</summary>
    public int WarmupEpochs { get; set; }

    /// <summary><see cref="Schedule.Cosine"/> and <see cref="Schedule.ReduceOnPlateau"/>: the lowest rate (YAML <c>min_learning_rate</c>); 0 when not set.</summary>
    public double MinLearningRate { get; set; }

    /// <summary><see cref="Schedule.OneCycle"/>: fraction of the steps spent raising the rate (YAML <c>warmup_fraction</c>); 0.3 when not set.</summary>
    public double WarmupFraction { get; set; }

    /// <summary><see cref="Schedule.ReduceOnPlateau"/>: the factor of each reduction, in (0, 1) (YAML <c>factor</c>); 0.1 when not set.</summary>
    public double Factor { get; set; }

    /// <summary><see cref="Schedule.ReduceOnPlateau"/>: epochs without improvement before a reduction (YAML <c>patience</c>); 10 when not set.</summary>
    public int Patience { get; set; }

    /// <summary>Clip the gradients to this joint L2 norm before every step (YAML <c>gradient_clipping: { max_norm }</c>); none when not set.</summary>
    public double MaxGradientNorm { get; set; }

    /// <summary>Early stopping: epochs without improvement of <see cref="EarlyStoppingMonitor"/> before the phase stops (YAML <c>early_stopping.patience</c>); no early stopping when not set.</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Early stopping: the metric watched; val_loss when not set. Needs <see cref="EarlyStoppingPatience"/>.</summary>
    public Monitor EarlyStoppingMonitor { get; set; }

    /// <summary>Early stopping: the smallest change that counts as an improvement; 0 when not set. Needs <see cref="EarlyStoppingPatience"/>.</summary>
    public double EarlyStoppingMinDelta { get; set; }

    /// <summary>Early stopping: go back to the best epoch's weights when the phase stops; true when not set. Needs <see cref="EarlyStoppingPatience"/>.</summary>
    public bool EarlyStoppingRestoresBest { get; set; }
}
