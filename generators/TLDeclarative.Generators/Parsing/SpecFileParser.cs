using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing;

/// <summary>Reads and validates one <c>.tl.yaml</c> file into pipeline data. Never throws (except on cancellation).</summary>
internal static class SpecFileParser
{
    public const string Extension = ".tl.yaml";

    public static bool IsSpecFile(AdditionalText file) => file.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    public static SpecFileResult Parse(AdditionalText file, CancellationToken cancellationToken)
    {
        var path = file.Path;
        try
        {
            var text = file.GetText(cancellationToken)?.ToString();
            if (text is null)
                return Failed(DiagnosticReporter.InternalError(path, "the file could not be read"));
            return Parse(path, text);
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

    private static SpecFileResult Parse(string path, string text)
    {
        var result = SpecLoader.Load(text);
        var diagnostics = result.Diagnostics.ToList();
        var document = result.Document;
        if (document is not null)
            diagnostics.AddRange(ExperimentNameCheck.Check(document));

        var infos = new EquatableArray<DiagnosticInfo>(diagnostics.Select(d => DiagnosticInfo.From(path, d)));
        if (document is null || diagnostics.Any(d => d.Severity == SpecSeverity.Error))
            return new SpecFileResult(null, infos);

        var experiment = new ExperimentModel(path, text, document.Spec, document.Locations.Of("experiment"));
        return new SpecFileResult(experiment, infos);
    }

    private static SpecFileResult Failed(DiagnosticInfo diagnostic) => new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
}
