using System.Text;

namespace TLDeclarative.Generators.Helpers;

/// <summary>Spec text inside generated comments: kept on one line, and XML-escaped for <c>///</c> docs.</summary>
internal static class CommentText
{
    /// <summary>Line breaks and other control characters become spaces, so the text cannot end its comment.</summary>
    public static string Line(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        return builder.ToString();
    }

    /// <summary><see cref="Line"/>, then <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped for XML doc comments.</summary>
    public static string Xml(string text) =>
        Line(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
