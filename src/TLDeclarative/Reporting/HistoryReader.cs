using System.Text.Json;

namespace TLDeclarative.Reporting;

/// <summary>Reads the JSON that <see cref="HistoryWriter.WriteJson"/> writes.</summary>
public static class HistoryReader
{
    /// <summary>Loads a history file; the per-phase summaries in it are ignored and recomputed.</summary>
    /// <exception cref="InvalidDataException">The file is not a history this version understands.</exception>
    public static TrainingHistory ReadJson(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        HistoryDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize(stream, ReportingJsonContext.Default.HistoryDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a training history ({ex.Message})", ex);
        }

        if (document is null)
        {
            throw new InvalidDataException($"{path}: not a training history (null document)");
        }

        if (document.FormatVersion > HistoryDocument.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"{path}: history format {document.FormatVersion} is newer than this reader ({HistoryDocument.CurrentFormatVersion})");
        }

        try
        {
            return new TrainingHistory(document.Epochs);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}
