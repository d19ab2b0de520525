using System.Text.Json;

namespace TLDeclarative.Reporting;

/// <summary>Writes a <see cref="RunReport"/> as snake_case JSON, atomically.</summary>
public static class RunReportWriter
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(RunReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = JsonSerializer.SerializeToUtf8Bytes(report, ReportingJsonContext.Default.RunReport);
        AtomicFile.WriteAllBytes(path, [.. json, (byte)'\n']);
    }

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a run report.</exception>
    public static RunReport Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, ReportingJsonContext.Default.RunReport)
                ?? throw new InvalidDataException($"{path}: not a run report (null document)");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a run report ({ex.Message})", ex);
        }
    }
}
