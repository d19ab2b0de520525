using System.Globalization;
using System.Text;

namespace TLDeclarative.Runs;

/// <summary><c>tl runs compare --markdown</c>: the same tables as the HTML page; the curves as a PNG beside the file.</summary>
public static class ComparisonMarkdown
{
    public static string Render(RunComparison comparison, string curvesPngName)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var runs = comparison.Runs;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {runs[0].Record.Experiment}: runs compared\n\n| # | Run | Spec version | Started (UTC) | Duration | Epochs |\n|---|---|---|---|---:|---:|\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            md.Append(CultureInfo.InvariantCulture, $"| {i + 1} | {r.Name} | {r.Record.SpecVersion.Label} | {r.Record.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} | {r.Record.TotalSeconds:F1} s | {r.History.Epochs.Count} |\n");
        }

        md.Append("\n## Changed keys\n\n");
        if (comparison.ChangedKeys.Count == 0)
            md.Append("The runs used the same spec and settings.\n");
        foreach (var key in comparison.ChangedKeys)
            md.Append("- `").Append(key.Key).Append("`: ").Append(string.Join(" → ", key.Values.Select(v => v ?? "(absent)"))).Append('\n');

        md.Append("\n## Metrics\n\n| Metric |").Append(string.Concat(Enumerable.Range(1, runs.Count).Select(i => i == 1 ? " Run 1 |" : $" Run {i} | Δ |")))
            .Append("\n|---|").Append(string.Concat(Enumerable.Range(1, runs.Count).Select(i => i == 1 ? "---:|" : "---:|---:|"))).Append('\n');
        foreach (var metric in comparison.Metrics)
        {
            md.Append("| ").Append(metric.Name).Append(" |");
            for (var i = 0; i < runs.Count; i++)
            {
                md.Append(' ').Append(metric.Values[i] is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–").Append(" |");
                if (i > 0)
                    md.Append(' ').Append(metric.Delta(i) is { } d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : "–").Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n## Validation curves\n\n![Validation accuracy and loss per epoch, one line per run](").Append(curvesPngName).Append(")\n");
        return md.ToString();
    }
}
