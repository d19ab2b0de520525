namespace TLDeclarative.Data;

/// <summary>How training batches are drawn.</summary>
public enum SamplerKind
{
    /// <summary>Every image once per epoch, in a seeded random order.</summary>
    Shuffle,

    /// <summary>Images drawn with replacement, weighted so every class is drawn equally often.</summary>
    Weighted,
}

/// <summary>What happens to files that cannot be decoded as images.</summary>
public enum CorruptFilePolicy
{
    /// <summary>The run stops before training, listing every bad file.</summary>
    Fail,

    /// <summary>Bad files are listed in a warning and left out.</summary>
    Skip,
}

/// <summary>How each class's loss is weighted.</summary>
public enum ClassWeightMode
{
    /// <summary>Every class weighs 1.</summary>
    None,

    /// <summary>Inverse class frequency, n / (classes * count), as scikit-learn's "balanced".</summary>
    Auto,

    /// <summary>The weights given, in class order.</summary>
    Explicit,
}

/// <summary>Per-class loss weights.</summary>
/// <param name="Weights">For <see cref="ClassWeightMode.Explicit"/>: one positive weight per class, in class order.</param>
public sealed record ClassWeights(ClassWeightMode Mode, IReadOnlyList<double> Weights)
{
    public static ClassWeights None { get; } = new(ClassWeightMode.None, []);

    public static ClassWeights Auto { get; } = new(ClassWeightMode.Auto, []);

    public static ClassWeights Of(params double[] weights) => new(ClassWeightMode.Explicit, weights);
}
