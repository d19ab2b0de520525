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

/// <summary>The optimizer of a phase.</summary>
public enum Optimizer
{
    /// <summary>Adam (YAML <c>adam</c>); takes no momentum.</summary>
    Adam = 0,

    /// <summary>RMSprop (YAML <c>rmsprop</c>).</summary>
    RmsProp = 1,

    /// <summary>Stochastic gradient descent (YAML <c>sgd</c>).</summary>
    Sgd = 2,
}
