using System.Diagnostics;
using TLDeclarative.Data;
using TLDeclarative.Reporting;
using TLDeclarative.Training;

namespace TLDeclarative.Hosting;

/// <summary>
/// Reads a run's images the one way every command does (training and the learning-rate range test):
/// folders or .csv/.tsv list files (<see cref="DataSource"/>), the validation_split carved out of the
/// training set, decoding under the spec's corrupt-file policy with skipped files reported.
/// </summary>
internal static class RunData
{
    /// <summary>
    /// The training and validation samples: with validation_split, a stratified split of the training data
    /// (seeded by the run's seed); otherwise the validation folder or list file.
    /// </summary>
    public static (IReadOnlyList<ImageSample> Train, IReadOnlyList<ImageSample> Validation) Scan(ExperimentDefinition definition, RunSettings settings)
    {
        var train = DataSource.Scan(settings.Train, definition.Classes);
        if (definition.Data.ValidationSplit > 0)
            return StratifiedSplit.Split(train, definition.Data.ValidationSplit, settings.Seed);
        return (train, DataSource.Scan(settings.Validation, definition.Classes));
    }

    /// <summary>The training samples alone, exactly those <see cref="Scan"/> gives (the validation source is not read).</summary>
    public static IReadOnlyList<ImageSample> Train(ExperimentDefinition definition, RunSettings settings)
    {
        var train = DataSource.Scan(settings.Train, definition.Classes);
        return definition.Data.ValidationSplit > 0 ? StratifiedSplit.Split(train, definition.Data.ValidationSplit, settings.Seed).Train : train;
    }

    /// <summary>Decodes <paramref name="samples"/> at the run's image size; unreadable files follow the corrupt-file policy.</summary>
    public static DecodedImages Decode(ExperimentDefinition definition, RunSettings settings, IReadOnlyList<ImageSample> samples, string split, ITrainingProgress progress)
    {
        var clock = Stopwatch.StartNew();
        var decoded = DecodedImages.Decode(samples, settings.ImageHeight, settings.ImageWidth, definition.Data.CorruptFiles, new WorkReporter(progress, $"Decoding {split}", samples.Count));
        if (decoded.Skipped.Count > 0)
        {
            progress.Message(
                $"Warning: skipped {decoded.Skipped.Count} unreadable {split} file(s) (corrupt-file policy: skip):{Environment.NewLine}" +
                string.Join(Environment.NewLine, decoded.Skipped.Select(f => "  " + f.Reason)));
        }

        progress.Message($"Decoded {decoded.Count} {split} images at {settings.ImageHeight}x{settings.ImageWidth} in {clock.Elapsed.TotalSeconds:F1} s.");
        return decoded;
    }
}
