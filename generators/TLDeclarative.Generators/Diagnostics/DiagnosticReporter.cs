using System;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Generators.Models;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Diagnostics;

/// <summary>Turns pipeline <see cref="DiagnosticInfo"/> records into Roslyn diagnostics at report time.</summary>
internal static class DiagnosticReporter
{
    public static void Report(SourceProductionContext context, DiagnosticInfo info)
    {
        var descriptor = DiagnosticDescriptors.For(info.Id);
        var severity = descriptor.Id == info.Id ? DiagnosticDescriptors.ToRoslyn(info.Severity) : DiagnosticSeverity.Error;
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor, info.Location.ToLocation(), severity, additionalLocations: null, properties: null, info.Message));
    }

    /// <summary>An unexpected exception, as a diagnostic at the start of the spec file: the generator never throws.</summary>
    public static DiagnosticInfo InternalError(string filePath, Exception exception) =>
        InternalError(filePath, exception.GetType().Name + ": " + exception.Message);

    public static DiagnosticInfo InternalError(string filePath, string problem) => new(
        DiagnosticDescriptors.InternalErrorId,
        SpecSeverity.Error,
        "Internal error in the TLDeclarative generator while processing this spec (" + CommentText.Line(problem) + "); please report it",
        LocationInfo.FileStart(filePath));
}
