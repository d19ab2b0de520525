using System.Security.Cryptography;
using System.Text.Json;
using TLDeclarative.Heads;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Runs;
using TLDeclarative.Training;

namespace TLDeclarative.Hosting;

/// <summary>
/// A run's <c>checkpoints/</c> folder: <c>last.tlmodel</c> after every epoch and <c>best.tlmodel</c>
/// whenever the monitored metric improves. Both are model bundles (they predict like the final one)
/// that also carry the training state, so <c>--resume</c> continues from <c>last</c>. Every write is
/// atomic (temp file in the same folder, flushed, renamed): a crash mid-write keeps the previous file.
/// </summary>
internal sealed class RunCheckpoints
{
    public const string FolderName = "checkpoints";
    public const string LastFileName = "last" + ModelBundle.Extension;
    public const string BestFileName = "best" + ModelBundle.Extension;

    private readonly ExperimentDefinition definition;
    private readonly RunSettings settings;
    private readonly string runFolder;

    public RunCheckpoints(ExperimentDefinition definition, RunSettings settings, string runFolder)
    {
        this.definition = definition;
        this.settings = settings;
        this.runFolder = runFolder;
    }

    public string Folder => Path.Combine(runFolder, FolderName);

    public string LastPath => Path.Combine(Folder, LastFileName);

    public string BestPath => Path.Combine(Folder, BestFileName);

    private string SpecForComparison => definition.NormalizedSpec ?? definition.SpecText;

    /// <summary>Writes <c>last</c> and, when the epoch is the best so far, copies it to <c>best</c>.</summary>
    public void Save(TransferModel model, TrainingCheckpoint checkpoint)
    {
        var weights = ModelBundle.WeightsOf(model);
        var document = new CheckpointDocument(
            CheckpointDocument.CurrentFormatVersion,
            definition.SpecHash,
            SpecForComparison,
            Sha256(weights),
            RunFingerprint.Of(settings),
            checkpoint.State,
            checkpoint.History.Epochs);
        var state = BundleEntry.Of(CheckpointDocument.EntryName, JsonSerializer.SerializeToUtf8Bytes(document, CheckpointJsonContext.Default.CheckpointDocument));
        var entries = new List<BundleEntry> { state };
        if (checkpoint.OptimizerState is { } optimizer)
            entries.Add(BundleEntry.Of(CheckpointDocument.OptimizerEntryName, optimizer));
        if (checkpoint.EarlyStoppingWeights is { } best)
            entries.Add(BundleEntry.Of(CheckpointDocument.EarlyStoppingEntryName, best));
        var manifest = Manifest(model, checkpoint.History);
        ModelBundle.Save(LastPath, weights, manifest, definition.SpecText, entries);
        // The best checkpoint is for predicting, not resuming: no optimizer state (for Adam or RMSprop as
        // large as the trainable weights), written from the weights already in memory.
        if (checkpoint.IsBest)
            ModelBundle.Save(BestPath, weights, manifest, definition.SpecText, [state]);
    }

    /// <summary>
    /// Reads <c>last</c> for <c>--resume</c>, checks it belongs to this spec and these settings and that
    /// its weights are intact, loads the weights into <paramref name="model"/> and returns the state.
    /// </summary>
    /// <exception cref="ResumeException">Nothing to resume, a finished run, a changed spec or settings, or a damaged checkpoint.</exception>
    public TrainingCheckpoint Resume(TransferModel model, string finalBundle)
    {
        if (!File.Exists(LastPath))
        {
            if (File.Exists(finalBundle) && ReadDocument(finalBundle) is { State.Finished: true } done)
                throw new ResumeException($"The run '{runFolder}' already finished ({done.Epochs.Count} epochs); its model is '{finalBundle}'. Nothing to resume.");
            throw new ResumeException($"Cannot resume: there is no checkpoint '{LastPath}'. Start a new run (without --resume).");
        }

        var document = ReadDocument(LastPath)
            ?? throw new ResumeException($"Cannot resume: '{LastPath}' holds no training state ({CheckpointDocument.EntryName}).");
        if (document.SpecHash != definition.SpecHash)
        {
            var changes = SpecDiff.ChangedKeys(document.Spec, SpecForComparison);
            var listed = changes.Count == 0 ? "the text differs" : string.Join("; ", changes.Take(20)) + (changes.Count > 20 ? $"; and {changes.Count - 20} more" : "");
            throw new ResumeException($"Cannot resume from '{LastPath}': the spec changed since the checkpoint ({listed}). Restore the spec or start a new run.");
        }

        var differences = document.Run.Differences(RunFingerprint.Of(settings));
        if (differences.Count > 0)
            throw new ResumeException($"Cannot resume from '{LastPath}': the run's settings changed ({string.Join("; ", differences)}). Resume with the options of the interrupted run.");

        var weights = ModelBundle.ReadWeights(LastPath);
        if (Sha256(weights) != document.WeightsSha256)
            throw new ResumeException($"Cannot resume from '{LastPath}': its weights do not match the hash recorded with them (SHA-256 {document.WeightsSha256}); the checkpoint is damaged.");
        ModelBundle.LoadWeights(model, weights);
        return new TrainingCheckpoint(
            document.State,
            new TrainingHistory(document.Epochs),
            ModelBundle.ReadEntry(LastPath, CheckpointDocument.OptimizerEntryName),
            ModelBundle.ReadEntry(LastPath, CheckpointDocument.EarlyStoppingEntryName));
    }

    private static CheckpointDocument? ReadDocument(string path)
    {
        if (ModelBundle.ReadEntry(path, CheckpointDocument.EntryName) is not { } bytes)
            return null;
        try
        {
            var document = JsonSerializer.Deserialize(bytes, CheckpointJsonContext.Default.CheckpointDocument)
                ?? throw new ResumeException($"'{path}': empty training state.");
            if (document.FormatVersion != CheckpointDocument.CurrentFormatVersion)
                throw new ResumeException($"'{path}': training state format {document.FormatVersion}; this version of TLDeclarative resumes format {CheckpointDocument.CurrentFormatVersion}.");
            return document;
        }
        catch (JsonException e)
        {
            throw new ResumeException($"'{path}': the training state is not readable ({e.Message}).", e);
        }
    }

    private BundleManifest Manifest(TransferModel model, TrainingHistory history) => new(
        BundleManifest.CurrentFormatVersion,
        definition.Name,
        definition.Classes,
        settings.ImageHeight,
        settings.ImageWidth,
        model.Output.ToString(),
        history.Epochs.Count,
        history.Last?.ValidationAccuracy,
        DateTimeOffset.UtcNow);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
