using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Models;

/// <summary>A diagnostic waiting to be reported: an ID from the catalogue, its message and where it points.</summary>
internal sealed record DiagnosticInfo(string Id, SpecSeverity Severity, string Message, LocationInfo Location)
{
    public static DiagnosticInfo From(string filePath, SpecDiagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Severity, diagnostic.Message, LocationInfo.From(filePath, diagnostic.Span));
}
