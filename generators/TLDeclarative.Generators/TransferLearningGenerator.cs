using System.Linq;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Emit;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Generators.Models;
using TLDeclarative.Generators.Parsing;
using TLDeclarative.Generators.Parsing.Attributes;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators;

/// <summary>
/// Turns every <c>*.tl.yaml</c> AdditionalFile, and every <c>[TransferLearning]</c> partial class,
/// into TLD diagnostics at its lines and, when valid, one <c>&lt;Experiment&gt;.g.cs</c>. Code and
/// diagnostics are separate outputs, so a change that moves only a diagnostic does not produce the
/// code again.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TransferLearningGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A spec may extend base specs (other .tl.yaml files): each file is read with the texts of the
        // bases it names, and only those, so editing a base re-reads exactly the specs that extend it.
        var specTexts = context.AdditionalTextsProvider
            .Where(SpecFileParser.IsSpecFile)
            .Select(SpecFileParser.ReadText)
            .WithTrackingName(TrackingNames.SpecTexts);
        var specFiles = specTexts
            .Combine(specTexts.Collect())
            .Select(static (input, _) => SpecInput.Of(input.Left, input.Right))
            .WithTrackingName(TrackingNames.SpecInputs)
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

        // The attribute front end: [TransferLearning] partial classes, read into the same spec model.
        var attributeClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.TransferLearning, AttributeExperimentParser.IsCandidate, AttributeExperimentParser.Parse)
            .WithTrackingName(TrackingNames.AttributeClasses);
        var validAttributeClasses = attributeClasses
            .Select(static (result, _) => result.Experiment)
            .Where(static experiment => experiment is not null)
            .Select(static (experiment, _) => experiment!);

        // Experiment names are unique across both front ends: each name is one class and one file.
        var allDeclarations = declarations
            .Combine(validAttributeClasses.Select(static (experiment, _) => ExperimentDeclaration.Of(experiment)).Collect())
            .Select(static (both, _) => new EquatableArray<ExperimentDeclaration>(both.Left.Concat(both.Right)))
            .WithTrackingName(TrackingNames.AllDeclarations);
        context.RegisterSourceOutput(allDeclarations, static (production, all) => DuplicateExperiments.Report(production, all));

        var experiments = valid
            .Combine(@namespace)
            .Combine(allDeclarations)
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

        // Attribute experiments go in their class's own namespace, as the other part of that class.
        var attributeExperiments = validAttributeClasses
            .Combine(allDeclarations)
            .Select(static (input, _) => DuplicateExperiments.IsFirst(input.Right, input.Left)
                ? new ExperimentSource(input.Left, input.Left.DeclaredClass?.Namespace)
                : null)
            .WithTrackingName(TrackingNames.AttributeExperiments)
            .Where(static source => source is not null);
        context.RegisterSourceOutput(attributeExperiments, static (production, source) => ExperimentOutput.Add(production, source!));

        var attributeDiagnostics = attributeClasses
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.AttributeDiagnostics);
        context.RegisterSourceOutput(attributeDiagnostics, static (production, list) =>
        {
            foreach (var diagnostic in list)
                DiagnosticReporter.Report(production, diagnostic);
        });
    }
}
