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

    /// <summary>One weight per class for the training loss, or null when every class weighs 1.</summary>
    /// <param name="counts">Training images per class, in class order.</param>
    /// <exception cref="ArgumentException">
    /// Auto with a class that has no images (its weight would be infinite), or explicit weights whose count
    /// differs from the number of classes or that are not positive.
    /// </exception>
    public float[]? Resolve(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        switch (Mode)
        {
            case ClassWeightMode.None:
                return null;
            case ClassWeightMode.Auto:
                var empty = Enumerable.Range(0, counts.Count).Where(c => counts[c] <= 0).ToList();
                if (empty.Count > 0)
                {
                    throw new ArgumentException(
                        $"Automatic class weights need at least one training image per class; class index(es) {string.Join(", ", empty)} have none.",
                        nameof(counts));
                }

                // scikit-learn's "balanced": n / (classes * count), so a balanced set gets all 1s.
                double total = counts.Sum();
                return counts.Select(c => (float)(total / (counts.Count * (double)c))).ToArray();
            case ClassWeightMode.Explicit:
                if (Weights.Count != counts.Count)
                {
                    throw new ArgumentException(
                        $"{Weights.Count} class weight(s) given for {counts.Count} classes; give one per class, in class order.",
                        nameof(counts));
                }

                for (var c = 0; c < Weights.Count; c++)
                {
                    if (!(Weights[c] > 0 && double.IsFinite(Weights[c])))
                    {
                        throw new ArgumentException($"Class weight {Weights[c]} (class index {c}) is not a positive finite number.", nameof(counts));
                    }
                }

                return Weights.Select(w => (float)w).ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(counts), Mode, "Unknown class weight mode.");
        }
    }
}
