namespace TLDeclarative.Reporting;

/// <summary>
/// The JSON shape of a history file. Phases are derived data, written for people reading the file;
/// the reader rebuilds them from the epochs.
/// </summary>
internal sealed record HistoryDocument(
    int FormatVersion,
    IReadOnlyList<EpochMetrics> Epochs,
    IReadOnlyList<PhaseSummary>? Phases)
{
    public const int CurrentFormatVersion = 1;
}
