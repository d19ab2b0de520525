using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Models;

/// <summary>
/// A position in a spec file as plain, equatable data. <see cref="Location"/> is rebuilt only when a
/// diagnostic is reported, so the pipeline never holds one.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    /// <summary>Maps a spec span (1-based lines and columns) to Roslyn's 0-based positions.</summary>
    public static LocationInfo From(string filePath, SourceSpan span)
    {
        var start = new LinePosition(ZeroBased(span.StartLine), ZeroBased(span.StartColumn));
        var end = new LinePosition(ZeroBased(span.EndLine), ZeroBased(span.EndColumn));
        if (end < start)
            end = start;
        var startOffset = span.StartOffset < 0 ? 0 : span.StartOffset;
        var length = span.EndOffset > startOffset ? span.EndOffset - startOffset : 0;
        return new LocationInfo(filePath, new TextSpan(startOffset, length), new LinePositionSpan(start, end));
    }

    /// <summary>The first character of the file: where problems with the file as a whole are reported.</summary>
    public static LocationInfo FileStart(string filePath) => From(filePath, SourceSpan.Start);

    private static int ZeroBased(int oneBased) => oneBased > 0 ? oneBased - 1 : 0;
}
