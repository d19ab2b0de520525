namespace TLDeclarative.Runs;

/// <summary>
/// What differs between runs: every spec key (and run setting, as <c>run.&lt;name&gt;</c>) whose value
/// is not the same in all of them, and the headline metrics side by side. The first run is the
/// baseline that deltas are measured from.
/// </summary>
public sealed record RunComparison(IReadOnlyList<RunSummary> Runs, IReadOnlyList<KeyComparison> ChangedKeys, IReadOnlyList<MetricComparison> Metrics)
{
    public static RunComparison Of(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 1)
            throw new ArgumentException("Name at least one run to compare.", nameof(runs));
        var keys = runs.Select(r => Keys(r.ResolvedSpec, r.Record.Settings)).ToList();
        // Keys in the order they first appear (spec order), so related keys stay together.
        var changed = keys.SelectMany(k => k.Keys).Distinct(StringComparer.Ordinal)
            .Select(key => new KeyComparison(key, keys.Select(k => k.TryGetValue(key, out var v) ? v : null).ToList()))
            .Where(k => k.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        MetricComparison Metric(string name, Func<RunSummary, double?> value, bool higherIsBetter) => new(name, runs.Select(value).ToList(), higherIsBetter);
        var metrics = new List<MetricComparison>
        {
            Metric("final validation accuracy", r => r.FinalValidationAccuracy, true),
            Metric("best validation accuracy", r => r.BestValidationAccuracy, true),
            Metric("final validation loss", r => r.FinalValidationLoss, false),
            Metric("test accuracy", r => r.TestAccuracy, true),
            Metric("epochs", r => r.History.Epochs.Count, true),
            Metric("duration (s)", r => r.Record.TotalSeconds, false),
        };
        return new RunComparison(runs, changed, metrics.Where(m => m.Values.Any(v => v is not null)).ToList());
    }

    /// <summary>A run's comparable keys: the resolved spec flattened (<see cref="SpecDiff.Flatten"/>), then its settings as <c>run.&lt;name&gt;</c>.</summary>
    public static IReadOnlyDictionary<string, string> Keys(string resolvedSpec, IReadOnlyDictionary<string, string> settings)
    {
        var keys = SpecDiff.Flatten(resolvedSpec);
        foreach (var (name, value) in settings)
            keys["run." + name] = value;
        return keys;
    }
}

/// <summary>A key whose value is not the same in every run; a null value means the run's spec has no such key.</summary>
public sealed record KeyComparison(string Key, IReadOnlyList<string?> Values)
{
    /// <summary>The values run by run: <c>key: a → b</c> ("(absent)" where a run's spec lacks the key).</summary>
    public string Change => $"{Key}: {string.Join(" → ", Values.Select(v => v ?? "(absent)"))}";
}

/// <summary>One metric in every run (null where a run has none).</summary>
public sealed record MetricComparison(string Name, IReadOnlyList<double?> Values, bool HigherIsBetter)
{
    /// <summary>The difference from the first run; null where either value is missing.</summary>
    public double? Delta(int run) => Values[run] is { } value && Values[0] is { } baseline ? value - baseline : null;
}
