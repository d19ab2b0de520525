using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing;

/// <summary>Reads and validates one <c>.tl.yaml</c> file into pipeline data. Never throws (except on cancellation).</summary>
internal static class SpecFileParser
{
    public const string Extension = SpecPaths.Extension;

    public static bool IsSpecFile(AdditionalText file) => file.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's text and the base spec it names; a failure to read is kept for <see cref="Parse(SpecInput, CancellationToken)"/> to report.</summary>
    public static SpecFileText ReadText(AdditionalText file, CancellationToken cancellationToken)
    {
        var path = file.Path;
        try
        {
            var text = file.GetText(cancellationToken)?.ToString();
            return text is null
                ? new SpecFileText(path, null, null, "the file could not be read")
                : new SpecFileText(path, text, SpecExtends.ValueOf(text), null);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A generator never throws: an unexpected failure becomes a diagnostic at the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new SpecFileText(path, null, null, e.GetType().Name + ": " + e.Message);
        }
    }

    public static SpecFileResult Parse(SpecInput input, CancellationToken cancellationToken)
    {
        var path = input.File.Path;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (input.File.Text is not { } text)
                return Failed(DiagnosticReporter.InternalError(path, input.File.ReadError ?? "the file could not be read"));
            return Parse(path, text, input.Bases);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A generator never throws: an unexpected failure becomes a diagnostic at the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Failed(DiagnosticReporter.InternalError(path, e));
        }
    }

    private static SpecFileResult Parse(string path, string text, EquatableArray<SpecFileText> bases)
    {
        // Base specs by normalized path (what the loader asks for), keeping the path the compiler gave.
        var byPath = new Dictionary<string, SpecFileText>(StringComparer.Ordinal);
        foreach (var file in bases)
            byPath[SpecPaths.Normalize(file.Path)] = file;

        var result = SpecLoader.Load(path, text, basePath => byPath.TryGetValue(basePath, out var file) ? file.Text : null);
        var diagnostics = result.Diagnostics.ToList();
        var document = result.Document;
        if (document is not null)
            diagnostics.AddRange(ExperimentNameCheck.Check(document));

        // A diagnostic about a value written in a base spec is reported in that file, by the path the compiler knows it by.
        var infos = new EquatableArray<DiagnosticInfo>(diagnostics.Select(d => DiagnosticInfo.From(
            path,
            d.Span.FilePath is { } basePath && byPath.TryGetValue(basePath, out var file) ? d with { Span = d.Span with { FilePath = file.Path } } : d)));
        if (document is null || diagnostics.Any(d => d.Severity == SpecSeverity.Error))
            return new SpecFileResult(null, infos);

        // The generated class carries the spec; with bases, the merged spec, so a model bundle is self-contained.
        var experiment = new ExperimentModel(path, result.MergedText ?? text, document.Spec, document.Locations.Of("experiment"));
        return new SpecFileResult(experiment, infos);
    }

    private static SpecFileResult Failed(DiagnosticInfo diagnostic) => new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
}
