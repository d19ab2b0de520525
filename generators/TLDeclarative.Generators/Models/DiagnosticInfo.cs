using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Models;

/// <summary>A diagnostic waiting to be reported: an ID from the catalogue, its message and where it points.</summary>
internal sealed record DiagnosticInfo(string Id, SpecSeverity Severity, string Message, LocationInfo Location)
{
    /// <summary>At <paramref name="filePath"/>, the spec that was read, unless the span names another file (a base spec).</summary>
    public static DiagnosticInfo From(string filePath, SpecDiagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Severity, diagnostic.Message, LocationInfo.From(diagnostic.Span.FilePath ?? filePath, diagnostic.Span));
}
