using System.Globalization;

namespace TLDeclarative.Spec.Diagnostics
{
    public enum SpecSeverity { Info, Warning, Error }

    /// <summary>A problem found in a spec, at a position in its file. Plain data: the generator maps it to a Roslyn diagnostic.</summary>
    public sealed record SpecDiagnostic(string Id, SpecSeverity Severity, string Message, SourceSpan Span)
    {
        /// <summary>
        /// MSBuild's format: <c>file(line,col): error TLD0001: message</c>. <paramref name="filePath"/> is
        /// the spec that was loaded; a diagnostic in one of its base specs names that file instead.
        /// </summary>
        public string Format(string filePath) => string.Format(
            CultureInfo.InvariantCulture,
            "{0}({1},{2}): {3} {4}: {5}",
            Span.FilePath ?? filePath,
            Span.StartLine,
            Span.StartColumn,
            Severity.ToString().ToLowerInvariant(),
            Id,
            Message);
    }
}
