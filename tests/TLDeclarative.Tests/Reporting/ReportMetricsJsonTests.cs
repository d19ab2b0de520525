using System.Text.Json;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class ReportMetricsJsonTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-report-metrics-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Metrics_environment_and_hash_are_snake_case_json()
    {
        var path = Path.Combine(folder, "report.json");

        RunReportWriter.Write(Report(), path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal("feedc0de", root.GetProperty("spec_hash").GetString());
        Assert.Equal("2.10.0", root.GetProperty("environment").GetProperty("lib_torch").GetString());
        var test = root.GetProperty("test");
        Assert.True(test.GetProperty("test_time_augmentation").GetBoolean());
        var metrics = test.GetProperty("metrics");
        Assert.Equal(0.5, metrics.GetProperty("accuracy").GetDouble());
        Assert.Equal("[[1,1,0],[1,2,0],[0,1,0]]", JsonSerializer.Serialize(metrics.GetProperty("confusion_matrix")));
        Assert.Equal(2.0 / 3, metrics.GetProperty("per_class")[1].GetProperty("recall").GetDouble(), 12);
        Assert.Equal(5.0 / 14, metrics.GetProperty("macro").GetProperty("f1").GetDouble(), 12);
        Assert.Equal(2, metrics.GetProperty("top_k").GetInt32());
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("roc_auc").ValueKind);
        Assert.Equal(0.75, root.GetProperty("validation").GetProperty("metrics").GetProperty("roc_auc").GetDouble());
        Assert.True(root.GetProperty("phases")[1].GetProperty("stopped_early").GetBoolean());
        Assert.Equal("confusion-test.png", root.GetProperty("artifacts").GetProperty("test_confusion_png").GetString());
    }

    [Fact]
    public void A_report_with_metrics_reads_back_to_the_same_json()
    {
        var path = Path.Combine(folder, "report.json");
        var again = Path.Combine(folder, "again.json");

        RunReportWriter.Write(Report(), path);
        var read = RunReportWriter.Read(path);
        RunReportWriter.Write(read, again);

        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
        Assert.Equal(Report().Environment, read.Environment);
        Assert.Equal(Report().Test!.Metrics.PerClass, read.Test!.Metrics.PerClass);
        Assert.Equal(8, read.Phases[1].PlannedLastEpoch);
    }

    private static RunReport Report()
    {
        var phases = PhaseReport.FromHistory(SampleHistories.TwoPhases(1, 2));
        return new RunReport(
            "X", "cpu", 1, 32, 32, [phases[0], phases[1] with { PlannedLastEpoch = 8 }], 0.5, 0.5, 3,
            new RunArtifacts("history.json") { TestConfusionPng = "confusion-test.png", ReportMarkdown = "report.md" })
        {
            SpecHash = "feedc0de",
            Environment = new RunEnvironment("Linux", ".NET 10.0.0", "X64", "0.107.0", "2.10.0", 2, "cpu"),
            Validation = new EvaluationReport(0.25, false, SampleMetrics.TwoClasses()),
            Test = new EvaluationReport(0.75, true, SampleMetrics.ThreeClasses()),
        };
    }
}
