namespace TLDeclarative.Declarations;

/// <summary>
/// Declares a transfer-learning experiment on a <c>partial</c> class: the attribute front end of a
/// <c>.tl.yaml</c> spec. The class name is the experiment name. At build time the TLDeclarative
/// generator reads this and the other attributes of this namespace on the class, checks
/// them with the same validator as YAML specs (TLD diagnostics at the attribute argument), and adds
/// the class's other part: the base class, the <c>Label</c> enum, <c>Definition</c>, <c>BuildModel</c> and <c>Run</c>.
/// </summary>
/// <example>
/// <code>
/// [TransferLearning(Seed = 42, Output = "artifacts/cats-vs-dogs")]
/// [Classes("cats", "dogs")]
/// [Data("data/train", "data/validation", ImageSize = 150, BatchSize = 32)]
/// [Backbone("resnet18", Weights = "imagenet")]
/// [DropoutLayer(1, rate: 0.2)]
/// [Phase(1, "feature_extraction", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-4, Epochs = 3)]
/// [Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 3)]
/// public sealed partial class CatsVsDogs
/// {
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TransferLearningAttribute : Attribute
{
    /// <summary>Random seed of the run (YAML <c>seed</c>); 42 when not set.</summary>
    public int Seed { get; set; }

    /// <summary>Folder for the run's artifacts (YAML <c>output</c>); <c>artifacts/&lt;ClassName&gt;</c> when not set.</summary>
    public string? Output { get; set; }

    /// <summary>The metric that picks the best checkpoint (YAML <c>checkpoints.monitor</c>); val_loss when not set.</summary>
    public Monitor CheckpointMonitor { get; set; }

    /// <summary>Whether frozen-backbone features are cached (YAML <c>feature_cache.mode</c>); auto when not set.</summary>
    public FeatureCache FeatureCache { get; set; }

    /// <summary>Augmented views of each image to cache (YAML <c>feature_cache.views</c>); 1 when not set.</summary>
    public int FeatureCacheViews { get; set; }

    /// <summary>Also report top-k accuracy for this k (YAML <c>evaluation.top_k</c>); 1 when not set.</summary>
    public int TopK { get; set; }

    /// <summary>Average the predictions of each image and its mirror (YAML <c>evaluation.tta</c>).</summary>
    public bool TestTimeAugmentation { get; set; }
}
