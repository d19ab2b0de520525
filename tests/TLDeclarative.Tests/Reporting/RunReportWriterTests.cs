using System.Text.Json;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class RunReportWriterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ReportIsSnakeCaseJsonWithPhasesBuiltFromTheHistory()
    {
        var history = SampleHistories.TwoPhases(2, 3);
        var report = new RunReport(
            "CatsVsDogs", "cpu", 42, 150, 150, PhaseReport.FromHistory(history), history.FinalValidationAccuracy,
            TestAccuracy: null, TotalSeconds: 123.5,
            new RunArtifacts("history.json", "history.csv", "curves.png", ModelBundle: null));
        var path = Path.Combine(folder, "report.json");

        RunReportWriter.Write(report, path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal("CatsVsDogs", root.GetProperty("experiment").GetString());
        Assert.Equal(150, root.GetProperty("image_height").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("test_accuracy").ValueKind);
        Assert.Equal("curves.png", root.GetProperty("artifacts").GetProperty("curves_png").GetString());
        var phases = root.GetProperty("phases");
        Assert.Equal(2, phases.GetArrayLength());
        Assert.Equal("fine_tuning", phases[1].GetProperty("name").GetString());
        Assert.Equal(3, phases[1].GetProperty("epochs")[0].GetProperty("epoch").GetInt32());
        Assert.Equal((20 + 3 + 20 + 4 + 20 + 5) / 3.0, phases[1].GetProperty("train_images_per_second").GetDouble(), 9);
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void ReportReadsBackEqual()
    {
        var history = SampleHistories.TwoPhases(1, 1);
        var report = new RunReport(
            "X", "cuda:0", null, 224, 160, PhaseReport.FromHistory(history), null, 0.5, 1, new RunArtifacts());
        var path = Path.Combine(folder, "report.json");

        RunReportWriter.Write(report, path);
        var read = RunReportWriter.Read(path);

        Assert.Equal(report with { Phases = [] }, read with { Phases = [] });
        Assert.Equal(report.Phases.Select(p => p.Epochs), read.Phases.Select(p => p.Epochs));
        Assert.Equal(report.Phases.Select(p => (p.Name, p.Seconds)), read.Phases.Select(p => (p.Name, p.Seconds)));
    }
}
