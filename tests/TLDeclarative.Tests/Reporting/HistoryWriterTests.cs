using System.Globalization;
using System.Text.Json;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class HistoryWriterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tld-history-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void JsonRoundTripsEveryEpochExactly()
    {
        var history = SampleHistories.TwoPhases(3, 2);
        history.Add(new EpochMetrics("fine_tuning", 1, 6, double.NaN, 0.5, null, null, 1e-5, 1.25, double.PositiveInfinity));
        var path = Path.Combine(folder, "history.json");

        HistoryWriter.WriteJson(history, path);
        var read = HistoryReader.ReadJson(path);

        Assert.Equal(history.Epochs, read.Epochs);
        Assert.Equal(history.Phases, read.Phases);
    }

    [Fact]
    public void JsonUsesSnakeCaseAndWritesMissingValidationAsNull()
    {
        var history = new TrainingHistory([new EpochMetrics("feature_extraction", 0, 1, 0.5, 0.75, null, null, 1e-4, 2, 3)]);
        var path = Path.Combine(folder, "history.json");

        HistoryWriter.WriteJson(history, path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var epoch = json.RootElement.GetProperty("epochs")[0];
        Assert.Equal(1, json.RootElement.GetProperty("format_version").GetInt32());
        Assert.Equal("feature_extraction", epoch.GetProperty("phase").GetString());
        Assert.Equal(0.75, epoch.GetProperty("train_accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, epoch.GetProperty("validation_loss").ValueKind);
        Assert.Equal(3, epoch.GetProperty("train_images_per_second").GetDouble());
        Assert.Equal(1, json.RootElement.GetProperty("phases")[0].GetProperty("last_epoch").GetInt32());
    }

    [Fact]
    public void ReadingAFileThatIsNotAHistorySaysSo()
    {
        var path = Path.Combine(folder, "broken.json");
        File.WriteAllText(path, """{ "epochs": [ { "phase": "a" } ] }""");

        var error = Assert.Throws<InvalidDataException>(() => HistoryReader.ReadJson(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvIsExactAndCultureInvariantEvenUnderADecimalCommaCulture()
    {
        var history = new TrainingHistory(
        [
            new EpochMetrics("feature_extraction", 0, 1, 0.5, 0.75, 0.25, 0.875, 1e-4, 12.5, 40),
            new EpochMetrics("fine \"tuning\", top", 1, 2, 0.125, 0.9375, null, null, 1e-5, 3, 22.25),
        ]);
        var path = Path.Combine(folder, "history.csv");
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            HistoryWriter.WriteCsv(history, path);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(
            "phase,phase_index,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds,train_images_per_second\r\n"
            + "feature_extraction,0,1,0.5,0.75,0.25,0.875,0.0001,12.5,40\r\n"
            + "\"fine \"\"tuning\"\", top\",1,2,0.125,0.9375,,,1E-05,3,22.25\r\n",
            File.ReadAllText(path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no UTF-8 BOM
    }

    [Fact]
    public void WritersLeaveOnlyTheirFilesBehindAndOverwriteOldOnes()
    {
        var history = SampleHistories.TwoPhases(2, 2);
        var json = Path.Combine(folder, "out", "history.json");
        var csv = Path.Combine(folder, "out", "history.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        File.WriteAllText(json, "old");

        HistoryWriter.WriteJson(history, json);
        HistoryWriter.WriteCsv(history, csv);
        HistoryWriter.WriteCsv(history, csv);

        Assert.Equal(
            ["history.csv", "history.json"],
            Directory.GetFiles(Path.GetDirectoryName(json)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(history.Epochs, HistoryReader.ReadJson(json).Epochs);
    }
}
