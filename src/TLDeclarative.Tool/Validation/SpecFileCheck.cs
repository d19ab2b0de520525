using TLDeclarative.Generators.Parsing;
using TLDeclarative.Spec;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Tool.Validation;

/// <summary>
/// One spec file checked exactly as the generator checks it: the Spec loader (reader, <c>extends</c>
/// merge with base specs read from the disk, validator), then the experiment-name check.
/// </summary>
internal sealed record SpecFileCheck(IReadOnlyList<SpecDiagnostic> Diagnostics, string? ReadError)
{
    public static SpecFileCheck Run(string path)
    {
        SpecReadResult result;
        try
        {
            result = SpecLoader.LoadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SpecFileCheck([], e.Message);
        }

        var diagnostics = result.Diagnostics.ToList();
        if (result.Document is not null)
            diagnostics.AddRange(ExperimentNameCheck.Check(result.Document));
        // The spec's own problems first, then those in base specs it extends; each file top to bottom.
        var ordered = diagnostics
            .OrderBy(d => d.Span.FilePath is null ? 0 : 1)
            .ThenBy(d => d.Span.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Span.StartLine)
            .ThenBy(d => d.Span.StartColumn)
            .ToList();
        return new SpecFileCheck(ordered, null);
    }
}
