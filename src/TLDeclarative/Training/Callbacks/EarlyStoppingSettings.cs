namespace TLDeclarative.Training.Callbacks;

/// <summary>Stops a phase when <paramref name="Monitor"/> has not improved by more than <paramref name="MinDelta"/> for <paramref name="Patience"/> epochs.</summary>
/// <param name="RestoreBestWeights">When the phase stops, go back to the weights of its best epoch.</param>
public sealed record EarlyStoppingSettings(MonitoredMetric Monitor, int Patience, double MinDelta = 0, bool RestoreBestWeights = true);
