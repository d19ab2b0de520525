namespace TLDeclarative.Declarations;

/// <summary>How the head pools the backbone's feature map.</summary>
public enum Pooling
{
    /// <summary>Global average pooling (YAML <c>global_average</c>).</summary>
    GlobalAverage = 0,

    /// <summary>Global max pooling (YAML <c>global_max</c>).</summary>
    GlobalMax = 1,
}

/// <summary>Activation after a dense head layer.</summary>
public enum Activation
{
    /// <summary>ReLU (YAML <c>relu</c>).</summary>
    Relu = 0,

    /// <summary>No activation (YAML <c>none</c>).</summary>
    None = 1,
}

/// <summary>How augmentation fills the area a transform uncovers.</summary>
public enum Fill
{
    /// <summary>Repeat the nearest edge pixel (YAML <c>nearest</c>).</summary>
    Nearest = 0,

    /// <summary>Black (YAML <c>constant</c>).</summary>
    Constant = 1,

    /// <summary>Mirror the image at its edge (YAML <c>reflect</c>).</summary>
    Reflect = 2,
}

/// <summary>A freeze policy that names no stage; see <see cref="PhaseAttribute.FreezeUntil"/> for the one that does.</summary>
public enum Freeze
{
    /// <summary>The whole backbone is frozen: only the head trains (YAML <c>all</c>).</summary>
    All = 0,

    /// <summary>Nothing is frozen: the whole network trains (YAML <c>none</c>).</summary>
    None = 1,
}

/// <summary>BatchNorm layers of a phase's frozen stages (YAML <c>batch_norm</c>).</summary>
public enum BatchNorm
{
    /// <summary>Inference mode: running statistics stay fixed and scale and shift get no gradients (YAML <c>frozen</c>, the default).</summary>
    Frozen = 0,

    /// <summary>Training mode: running statistics follow the new data and scale and shift train (YAML <c>trainable</c>).</summary>
    Trainable = 1,
}

/// <summary>The optimizer of a phase.</summary>
public enum Optimizer
{
    /// <summary>Adam (YAML <c>adam</c>); takes no momentum.</summary>
    Adam = 0,

    /// <summary>RMSprop (YAML <c>rmsprop</c>).</summary>
    RmsProp = 1,

    /// <summary>Stochastic gradient descent (YAML <c>sgd</c>).</summary>
    Sgd = 2,

    /// <summary>Adam with decoupled weight decay (YAML <c>adamw</c>); takes no momentum.</summary>
    AdamW = 3,
}

/// <summary>The learning-rate schedule of a phase (YAML <c>schedule</c>).</summary>
public enum Schedule
{
    /// <summary>The rate stays at the phase's learning rate (YAML <c>constant</c>, the default).</summary>
    Constant = 0,

    /// <summary>Multiply by <c>Gamma</c> every <c>StepSize</c> epochs (YAML <c>step</c>).</summary>
    Step = 1,

    /// <summary>Linear warm-up for <c>WarmupEpochs</c>, then cosine decay towards <c>MinLearningRate</c> (YAML <c>cosine</c>).</summary>
    Cosine = 2,

    /// <summary>One cycle per phase, stepped per batch, peaking at the learning rate (YAML <c>one_cycle</c>).</summary>
    OneCycle = 3,

    /// <summary>Multiply by <c>Factor</c> when the validation loss stalls for <c>Patience</c> epochs (YAML <c>reduce_on_plateau</c>).</summary>
    ReduceOnPlateau = 4,
}

/// <summary>An epoch metric that early stopping and the best checkpoint watch.</summary>
public enum Monitor
{
    /// <summary>Validation loss, lower is better (YAML <c>val_loss</c>).</summary>
    ValLoss = 0,

    /// <summary>Validation accuracy (YAML <c>val_accuracy</c>).</summary>
    ValAccuracy = 1,

    /// <summary>Macro F1 on the validation set (YAML <c>val_f1</c>).</summary>
    ValF1 = 2,

    /// <summary>Training loss (YAML <c>loss</c>).</summary>
    Loss = 3,

    /// <summary>Training accuracy (YAML <c>accuracy</c>).</summary>
    Accuracy = 4,
}

/// <summary>How training batches are drawn.</summary>
public enum Sampler
{
    /// <summary>Every image once per epoch in a seeded order (YAML <c>shuffle</c>).</summary>
    Shuffle = 0,

    /// <summary>Drawn with replacement so every class comes equally often (YAML <c>weighted</c>).</summary>
    Weighted = 1,
}

/// <summary>What happens to files that are not readable images.</summary>
public enum CorruptFiles
{
    /// <summary>The run stops before training, listing them (YAML <c>fail</c>).</summary>
    Fail = 0,

    /// <summary>They are left out with a warning (YAML <c>skip</c>).</summary>
    Skip = 1,
}

/// <summary>Whether frozen-backbone features are cached.</summary>
public enum FeatureCache
{
    /// <summary>Wherever it trains exactly as recomputing would (YAML <c>auto</c>).</summary>
    Auto = 0,

    /// <summary>Never (YAML <c>off</c>).</summary>
    Off = 1,
}
