using TLDeclarative.Augmentation;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Heads;
using TLDeclarative.Metrics;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;

namespace TLDeclarative;

/// <summary>Where the images are and how they are fed. Paths are relative to the working directory.</summary>
/// <param name="Train">Folder with one sub-folder per class, or a .csv/.tsv list file (path, label).</param>
/// <param name="Validation">Folder or list file like <paramref name="Train"/>; empty when <see cref="ValidationSplit"/> carves it out of the training images.</param>
/// <param name="Test">Optional held-out folder or list file.</param>
public sealed record DataSettings(string Train, string Validation, string? Test, int ImageHeight, int ImageWidth, int BatchSize)
{
    /// <summary>Fraction of the training images held out for validation (stratified, seeded); 0 uses <see cref="Validation"/>.</summary>
    public double ValidationSplit { get; init; }

    /// <summary>Per-class loss weights: none, automatic from class counts, or explicit.</summary>
    public ClassWeights ClassWeights { get; init; } = ClassWeights.None;

    /// <summary>How training batches are drawn: a seeded shuffle, or sampling weighted against class imbalance.</summary>
    public SamplerKind Sampler { get; init; }

    /// <summary>What to do with files that are not readable images.</summary>
    public CorruptFilePolicy CorruptFiles { get; init; }
}

/// <summary>
/// Everything a spec says, typed: the generated experiment class fills one in. The run time reads
/// nothing else.
/// </summary>
public sealed class ExperimentDefinition
{
    public required string Name { get; init; }

    /// <summary>The spec file's name, for messages and the model bundle.</summary>
    public required string SpecFile { get; init; }

    /// <summary>The spec as written; stored in the model bundle.</summary>
    public required string SpecText { get; init; }

    /// <summary>
    /// The spec after inheritance and defaults, as canonical YAML: what a resumed run compares with its
    /// checkpoint, and what <see cref="SpecHash"/> hashes. Null for definitions written by hand.
    /// </summary>
    public string? NormalizedSpec { get; init; }

    /// <summary>SHA-256 (lower-case hex) of <see cref="NormalizedSpec"/>, or of <see cref="SpecText"/> when there is none.</summary>
    public string SpecHash => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(NormalizedSpec ?? SpecText)));

    public required int Seed { get; init; }

    /// <summary>Class names in label order; data folders are named after them.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required DataSettings Data { get; init; }

    public required AugmentationSettings Augmentation { get; init; }

    /// <summary>The phases in order; epoch numbers continue from one to the next.</summary>
    public required IReadOnlyList<PhaseDefinition> Phases { get; init; }

    /// <summary>Folder for the run's artifacts.</summary>
    public required string Output { get; init; }

    /// <summary>Whether and how frozen-backbone features are computed once and reused across epochs.</summary>
    public FeatureCacheSettings FeatureCache { get; init; } = FeatureCacheSettings.Auto;

    /// <summary>Which metric picks the best checkpoint (the last one is always kept).</summary>
    public CheckpointSettings Checkpoints { get; init; } = CheckpointSettings.Default;

    /// <summary>How the validation and test sets are evaluated (top-k, test-time augmentation).</summary>
    public EvaluationSettings Evaluation { get; init; } = EvaluationSettings.Default;

    /// <summary>Builds a fresh model (backbone with its weights, new head).</summary>
    public required Func<TransferModel> BuildModel { get; init; }

    /// <summary>
    /// The build-time training plan (markdown): per phase the trainable and frozen stages, trainable
    /// parameters, optimizer, BatchNorm mode and epochs. A run writes it to <c>training-plan.md</c>.
    /// </summary>
    public string? TrainingPlan { get; init; }
}
