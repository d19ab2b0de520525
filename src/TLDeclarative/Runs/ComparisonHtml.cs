using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TLDeclarative.Runs;

/// <summary>
/// <c>tl runs compare --html</c>: one self-contained page (no network: styles, the curves PNG and the
/// runs' epoch data are inline) with the runs, the changed keys, the metric deltas and the curves.
/// </summary>
public static class ComparisonHtml
{
    public static string Render(RunComparison comparison, byte[] curvesPng)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(curvesPng);
        var runs = comparison.Runs;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode($"{runs[0].Record.Experiment}: {runs.Count} runs compared")).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".better{color:#1a7f37}.worse{color:#c62828}code{background:#f6f6f6;padding:1px 3px}img{max-width:100%}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(runs[0].Record.Experiment)).Append(": runs compared</h1>\n");

        html.Append("<h2>Runs</h2>\n<table id=\"runs\">\n<tr><th>#</th><th>Run</th><th>Spec version</th><th>Spec hash</th><th>Started (UTC)</th><th>Duration</th><th>Epochs</th></tr>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"run\"><td>{i + 1}</td><td class=\"run-name\">{Encode(r.Name)}</td><td>{Encode(r.Record.SpecVersion.Label)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><code>{Encode(r.Record.SpecHash[..Math.Min(12, r.Record.SpecHash.Length)])}</code></td><td>{r.Record.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{r.Record.TotalSeconds:F1} s</td><td class=\"num\">{r.History.Epochs.Count}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Changed keys</h2>\n");
        if (comparison.ChangedKeys.Count == 0)
        {
            html.Append("<p id=\"no-changes\">The runs used the same spec and settings.</p>\n");
        }
        else
        {
            html.Append("<table id=\"changed-keys\">\n<tr><th>Key</th>").Append(string.Concat(Enumerable.Range(1, runs.Count).Select(i => $"<th>Run {i}</th>"))).Append("</tr>\n");
            foreach (var key in comparison.ChangedKeys)
            {
                html.Append("<tr class=\"changed-key\" title=\"").Append(Encode(key.Change)).Append("\"><td><code>").Append(Encode(key.Key)).Append("</code></td>")
                    .Append(string.Concat(key.Values.Select(v => $"<td>{(v is null ? "<em>absent</em>" : Encode(v))}</td>"))).Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Metrics</h2>\n<table id=\"metrics\">\n<tr><th>Metric</th>")
            .Append(string.Concat(Enumerable.Range(1, runs.Count).Select(i => i == 1 ? "<th>Run 1</th>" : $"<th>Run {i}</th><th>Δ vs run 1</th>"))).Append("</tr>\n");
        foreach (var metric in comparison.Metrics)
        {
            html.Append("<tr><td>").Append(Encode(metric.Name)).Append("</td>");
            for (var i = 0; i < runs.Count; i++)
            {
                html.Append("<td class=\"num\">").Append(Number(metric.Values[i])).Append("</td>");
                if (i > 0)
                    html.Append(Delta(metric, i));
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n<h2>Validation curves</h2>\n<img id=\"curves\" alt=\"Validation accuracy and loss per epoch, one line per run\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(curvesPng)).Append("\">\n")
            .Append("<script type=\"application/json\" id=\"epochs\">").Append(EpochData(runs)).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–";

    private static string Delta(MetricComparison metric, int run)
    {
        if (metric.Delta(run) is not { } delta)
            return "<td class=\"num\">–</td>";
        var style = delta == 0 ? "" : (delta > 0) == metric.HigherIsBetter ? " better" : " worse";
        return string.Create(CultureInfo.InvariantCulture, $"<td class=\"num{style}\">{delta:+0.####;-0.####;0}</td>");
    }

    /// <summary>Every run's epochs as JSON, for anyone who wants the numbers behind the plot.</summary>
    private static string EpochData(IReadOnlyList<RunSummary> runs)
    {
        using var buffer = new MemoryStream();
        // The default encoder escapes '<' and '>', so the JSON cannot close the script element.
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var run in runs)
            {
                json.WriteStartObject();
                json.WriteString("run", run.Name);
                json.WriteStartArray("epochs");
                foreach (var e in run.History.Epochs)
                {
                    json.WriteStartObject();
                    json.WriteNumber("epoch", e.Epoch);
                    json.WriteString("phase", e.Phase);
                    json.WriteNumber("train_loss", e.TrainLoss);
                    json.WriteNumber("train_accuracy", e.TrainAccuracy);
                    if (e.ValidationLoss is { } loss && double.IsFinite(loss))
                        json.WriteNumber("val_loss", loss);
                    if (e.ValidationAccuracy is { } accuracy)
                        json.WriteNumber("val_accuracy", accuracy);
                    json.WriteNumber("learning_rate", e.LearningRate);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
