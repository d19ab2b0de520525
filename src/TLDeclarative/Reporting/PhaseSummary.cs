namespace TLDeclarative.Reporting;

/// <summary>One phase of a run, condensed from its epochs.</summary>
/// <param name="Name">Phase name.</param>
/// <param name="PhaseIndex">0-based position of the phase in the spec.</param>
/// <param name="FirstEpoch">Global number of the phase's first epoch.</param>
/// <param name="LastEpoch">Global number of the phase's last epoch.</param>
/// <param name="BestValidationAccuracy">Highest validation accuracy of the phase; null without validation.</param>
/// <param name="MeanTrainImagesPerSecond">Mean of the epochs' training throughput.</param>
/// <param name="Seconds">Sum of the epochs' wall times.</param>
public sealed record PhaseSummary(
    string Name,
    int PhaseIndex,
    int FirstEpoch,
    int LastEpoch,
    double? BestValidationAccuracy,
    double MeanTrainImagesPerSecond,
    double Seconds);
