using System.Globalization;
using System.Text;

namespace TLDeclarative.Generators.Helpers;

/// <summary>
/// C# literals for spec values. Spec strings reach generated code only through <see cref="String"/>;
/// numbers are formatted under the invariant culture so that no locale can turn 0.2 into 0,2.
/// </summary>
internal static class CSharpLiteral
{
    /// <summary>A regular <c>"..."</c> literal; every character that could end or bend it is escaped.</summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            // A whole surrogate pair (an emoji, say) stays as it is; a lone half is escaped.
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(value[i]).Append(value[i + 1]);
                i++;
                continue;
            }

            AppendEscaped(builder, value[i]);
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary><c>"text"</c> or <c>null</c>.</summary>
    public static string NullableString(string? value) => value is null ? "null" : String(value);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// The shortest text that parses back to exactly <paramref name="value"/>: 0.2, 20, 0.0001,
    /// 1E-05. Whole numbers print without a fraction; they convert to double parameters implicitly.
    /// </summary>
    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        // .NET Framework's "R" could lose the last bit for a few values; G17 always round-trips.
        if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
            text = value.ToString("G17", CultureInfo.InvariantCulture);
        return text;
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '"': builder.Append("\\\""); return;
            case '\\': builder.Append("\\\\"); return;
            case '\0': builder.Append("\\0"); return;
            case '\a': builder.Append("\\a"); return;
            case '\b': builder.Append("\\b"); return;
            case '\f': builder.Append("\\f"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\v': builder.Append("\\v"); return;
        }

        if (NeedsUnicodeEscape(c))
            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        else
            builder.Append(c);
    }

    // Control characters, C#'s other line breaks (which would end the literal) and lone surrogate
    // halves (which no encoding can write) are escaped; other text stays readable.
    private static bool NeedsUnicodeEscape(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c);
}
