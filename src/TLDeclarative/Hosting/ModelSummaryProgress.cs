using System.Text;
using TLDeclarative.Heads;
using TLDeclarative.Reporting;

namespace TLDeclarative.Hosting;

/// <summary>
/// Passes progress through and, when a phase starts (its freeze policy already applied), shows the
/// model summary through <see cref="ITrainingProgress.Message"/> and rewrites <c>model-summary.md</c>
/// with a section for every phase so far. Keeps the summary out of the trainer.
/// </summary>
internal sealed class ModelSummaryProgress : ITrainingProgress
{
    public const string FileName = "model-summary.md";

    private readonly ITrainingProgress inner;
    private readonly TransferModel model;
    private readonly string experiment;
    private readonly int imageHeight;
    private readonly int imageWidth;
    private readonly List<ModelSummary> phases = [];

    public ModelSummaryProgress(ITrainingProgress inner, TransferModel model, string experiment, int imageHeight, int imageWidth, string path)
    {
        this.inner = inner;
        this.model = model;
        this.experiment = experiment;
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
        Path = path;
    }

    /// <summary>Where the markdown summary goes.</summary>
    public string Path { get; }

    public IReadOnlyList<ModelSummary> Phases => phases;

    public void PhaseStarted(string phase, int firstEpoch, int lastEpoch, int batchesPerEpoch)
    {
        inner.PhaseStarted(phase, firstEpoch, lastEpoch, batchesPerEpoch);
        var summary = ModelSummary.Of(model, phase, imageHeight, imageWidth);
        phases.Add(summary);
        inner.Message(summary.ToText().TrimEnd('\n'));
        AtomicFile.WriteAllBytes(Path, Encoding.UTF8.GetBytes(ModelSummary.ToMarkdownDocument(experiment, phases)));
    }

    public void EpochStarted(int epoch) => inner.EpochStarted(epoch);

    public void BatchCompleted(int batch, double runningLoss, double runningAccuracy, int imagesSoFar) =>
        inner.BatchCompleted(batch, runningLoss, runningAccuracy, imagesSoFar);

    public void EpochCompleted(EpochMetrics metrics) => inner.EpochCompleted(metrics);

    public void Message(string message) => inner.Message(message);
}
