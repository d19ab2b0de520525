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
}
