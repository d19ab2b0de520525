using TLDeclarative.Augmentation;
using TLDeclarative.Heads;
using TLDeclarative.Training;

namespace TLDeclarative;

/// <summary>Where the images are and how they are fed. Paths are relative to the working directory.</summary>
/// <param name="Train">Folder with one sub-folder per class.</param>
/// <param name="Validation">Folder with one sub-folder per class.</param>
/// <param name="Test">Optional held-out folder with the same class folders.</param>
public sealed record DataSettings(string Train, string Validation, string? Test, int ImageHeight, int ImageWidth, int BatchSize);

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

    public required int Seed { get; init; }

    /// <summary>Class names in label order; data folders are named after them.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required DataSettings Data { get; init; }

    public required AugmentationSettings Augmentation { get; init; }

    /// <summary>The phases in order; epoch numbers continue from one to the next.</summary>
    public required IReadOnlyList<PhaseDefinition> Phases { get; init; }

    /// <summary>Folder for the run's artifacts.</summary>
    public required string Output { get; init; }

    /// <summary>Builds a fresh model (backbone with its weights, new head).</summary>
    public required Func<TransferModel> BuildModel { get; init; }

    /// <summary>
    /// The build-time training plan (markdown): per phase the trainable and frozen stages, trainable
    /// parameters, optimizer, BatchNorm mode and epochs. A run writes it to <c>training-plan.md</c>.
    /// </summary>
    public string? TrainingPlan { get; init; }
}
