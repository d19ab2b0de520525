using System.Text;
using System.Text.Json;

namespace TLDeclarative.Reporting;

/// <summary>Saves a <see cref="TrainingHistory"/> as JSON (for tools) and CSV (for spreadsheets), atomically.</summary>
public static class HistoryWriter
{
    /// <summary>Column names of the CSV file, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "phase", "phase_index", "epoch", "train_loss", "train_accuracy", "validation_loss",
        "validation_accuracy", "learning_rate", "seconds", "train_images_per_second",
    ];

    /// <summary>Writes the epochs (and, for readers, per-phase summaries) as snake_case JSON.</summary>
    public static void WriteJson(TrainingHistory history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        var document = new HistoryDocument(HistoryDocument.CurrentFormatVersion, history.Epochs, history.Phases);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, ReportingJsonContext.Default.HistoryDocument);
        AtomicFile.WriteAllBytes(path, [.. json, (byte)'\n']);
    }

    /// <summary>
    /// Writes one header row and one row per epoch: UTF-8 without BOM, CRLF rows, invariant-culture numbers,
    /// empty fields for missing validation values, phase names quoted per RFC 4180 when needed.
    /// </summary>
    public static void WriteCsv(TrainingHistory history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        AtomicFile.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToCsv(history)));
    }

    /// <summary>The CSV text <see cref="WriteCsv"/> writes.</summary>
    public static string ToCsv(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var text = new StringBuilder();
        text.Append(string.Join(',', CsvColumns)).Append(CsvText.NewLine);
        foreach (var e in history.Epochs)
        {
            string[] fields =
            [
                CsvText.Field(e.Phase),
                CsvText.Number(e.PhaseIndex),
                CsvText.Number(e.Epoch),
                CsvText.Number(e.TrainLoss),
                CsvText.Number(e.TrainAccuracy),
                CsvText.Number(e.ValidationLoss),
                CsvText.Number(e.ValidationAccuracy),
                CsvText.Number(e.LearningRate),
                CsvText.Number(e.Seconds),
                CsvText.Number(e.TrainImagesPerSecond),
            ];
            text.Append(string.Join(',', fields)).Append(CsvText.NewLine);
        }

        return text.ToString();
    }
}
