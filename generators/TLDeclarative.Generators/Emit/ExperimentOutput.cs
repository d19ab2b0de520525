using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Models;

namespace TLDeclarative.Generators.Emit;

/// <summary>Adds one experiment's generated file; an emit failure becomes a diagnostic at the spec, never a crash.</summary>
internal static class ExperimentOutput
{
    public static void Add(SourceProductionContext context, ExperimentSource source)
    {
        string code;
        try
        {
            code = ExperimentEmitter.Emit(source);
        }
#pragma warning disable CA1031 // A generator never throws: an unexpected failure becomes a diagnostic at the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DiagnosticReporter.Report(context, DiagnosticReporter.InternalError(source.Experiment.SpecPath, e));
            return;
        }

        context.AddSource(ExperimentEmitter.HintName(source.Experiment), SourceText.From(code, Encoding.UTF8));
    }
}
