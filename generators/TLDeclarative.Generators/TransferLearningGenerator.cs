using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Emit;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Generators.Models;
using TLDeclarative.Generators.Parsing;

namespace TLDeclarative.Generators;

/// <summary>
/// Turns every <c>*.tl.yaml</c> AdditionalFile into TLD diagnostics at its lines and, when valid, one
/// <c>&lt;Experiment&gt;.g.cs</c>. Code and diagnostics are separate outputs, so a change that moves
/// only a diagnostic does not produce the code again.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TransferLearningGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Where(SpecFileParser.IsSpecFile)
            .Select(SpecFileParser.Parse)
            .WithTrackingName(TrackingNames.SpecFiles);

        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) ? value : null);
        var @namespace = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName)
            .Combine(rootNamespace)
            .Select(static (names, _) => NamespaceNames.Resolve(names.Right, names.Left))
            .WithTrackingName(TrackingNames.Namespace);

        var valid = specFiles
            .Select(static (file, _) => file.Experiment)
            .Where(static experiment => experiment is not null)
            .Select(static (experiment, _) => experiment!);
        var declarations = valid
            .Select(static (experiment, _) => ExperimentDeclaration.Of(experiment))
            .Collect()
            .WithTrackingName(TrackingNames.Declarations);
        context.RegisterSourceOutput(declarations, DuplicateExperiments.Report);

        var experiments = valid
            .Combine(@namespace)
            .Combine(declarations)
            .Select(static (input, _) => DuplicateExperiments.IsFirst(input.Right, input.Left.Left)
                ? new ExperimentSource(input.Left.Left, input.Left.Right)
                : null)
            .WithTrackingName(TrackingNames.Experiments)
            .Where(static source => source is not null);
        context.RegisterSourceOutput(experiments, static (production, source) => ExperimentOutput.Add(production, source!));

        var diagnostics = specFiles
            .Select(static (file, _) => file.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (production, list) =>
        {
            foreach (var diagnostic in list)
                DiagnosticReporter.Report(production, diagnostic);
        });
    }
}
