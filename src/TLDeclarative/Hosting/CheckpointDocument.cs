using System.Text.Json.Serialization;
using TLDeclarative.Reporting;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;

namespace TLDeclarative.Hosting;

/// <summary>
/// A checkpoint's <c>training-state.json</c>: what the run was (spec and run settings, to refuse a
/// resume that would train something else), where it stands, its history, and the hash of the weights
/// saved beside it.
/// </summary>
/// <param name="SpecHash">ExperimentDefinition.SpecHash of the run.</param>
/// <param name="Spec">The normalized spec (or the spec text when there is none), to name what changed.</param>
/// <param name="WeightsSha256">SHA-256 (hex) of the bundle's weights.dat.</param>
internal sealed record CheckpointDocument(
    int FormatVersion,
    string SpecHash,
    string Spec,
    string WeightsSha256,
    RunFingerprint Run,
    TrainingState State,
    IReadOnlyList<EpochMetrics> Epochs)
{
    public const int CurrentFormatVersion = 1;
    public const string EntryName = "training-state.json";
    public const string OptimizerEntryName = "optimizer.dat";
    public const string EarlyStoppingEntryName = "early-stopping-best.dat";
}

/// <summary>The run settings that must not change between a run and its resumption.</summary>
internal sealed record RunFingerprint(
    int Seed,
    int ImageHeight,
    int ImageWidth,
    int BatchSize,
    IReadOnlyList<int> PhaseEpochs,
    string Train,
    string Validation)
{
    public static RunFingerprint Of(RunSettings settings) => new(
        settings.Seed,
        settings.ImageHeight,
        settings.ImageWidth,
        settings.BatchSize,
        settings.Phases.Select(p => p.EpochCount).ToList(),
        FullPath(settings.Train),
        FullPath(settings.Validation));

    // A validation split carved out of the training data has no folder of its own.
    private static string FullPath(string path) => string.IsNullOrEmpty(path) ? "" : Path.GetFullPath(path);

    /// <summary>One line per setting that differs, saying what it was and what it is now.</summary>
    public IReadOnlyList<string> Differences(RunFingerprint now)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
                differences.Add($"{name}: {before} -> {after}");
        }

        Compare("seed", Seed, now.Seed);
        Compare("image size", $"{ImageHeight}x{ImageWidth}", $"{now.ImageHeight}x{now.ImageWidth}");
        Compare("batch size", BatchSize, now.BatchSize);
        Compare("epochs per phase", string.Join(" ", PhaseEpochs), string.Join(" ", now.PhaseEpochs));
        Compare("train data", Train, now.Train);
        Compare("validation data", Validation, now.Validation);
        return differences;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointDocument))]
[JsonSerializable(typeof(ImprovementState))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
