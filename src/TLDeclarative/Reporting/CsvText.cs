using System.Globalization;

namespace TLDeclarative.Reporting;

/// <summary>RFC 4180 field formatting with culture-independent numbers.</summary>
internal static class CsvText
{
    /// <summary>Record separator: RFC 4180 specifies CRLF.</summary>
    public const string NewLine = "\r\n";

    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>The field as is, or quoted with inner quotes doubled when it holds a comma, quote or line break.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IndexOfAny(NeedsQuotes) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Shortest round-trip form in the invariant culture ("0.25", "1E-05", "NaN").</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number, or an empty field when there is none (no validation set).</summary>
    public static string Number(double? value) => value is { } v ? Number(v) : string.Empty;

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
