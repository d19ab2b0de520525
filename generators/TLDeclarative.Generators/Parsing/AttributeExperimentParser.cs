using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Generators.Models;
using TLDeclarative.Generators.Parsing.Attributes;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Validation;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Generators.Parsing;

/// <summary>
/// The attribute front end: a <c>[TransferLearning]</c> partial class and its experiment
/// attributes, read straight into the equatable spec model (no symbol or syntax outlives the
/// transform), validated like a YAML spec. Never throws (except on cancellation).
/// </summary>
internal static class AttributeExperimentParser
{
    private static readonly SymbolDisplayFormat NamespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>Classes, and records so that a record gets a clear diagnostic instead of silence.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    public static SpecFileResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var path = context.TargetNode.SyntaxTree.FilePath;
        try
        {
            return Parse((TypeDeclarationSyntax)context.TargetNode, (INamedTypeSymbol)context.TargetSymbol, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A generator never throws: an unexpected failure becomes a diagnostic at the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new SpecFileResult(null, new EquatableArray<DiagnosticInfo>([DiagnosticReporter.InternalError(path, e)]));
        }
    }

    private static SpecFileResult Parse(TypeDeclarationSyntax declaration, INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var path = declaration.SyntaxTree.FilePath;
        var nameSpan = SpanOf.Token(declaration.Identifier);
        var infos = new List<DiagnosticInfo>();
        var shape = ClassShape.Check(declaration, symbol, nameSpan).ToList();

        AttributeArguments? root = null;
        var attributes = new List<AttributeArguments>();
        var unbound = false;
        foreach (var data in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ExperimentAttributeName(data) is not { } name || data.ApplicationSyntaxReference is not { } reference)
                continue;
            // The compiler reports attributes that do not bind (wrong argument types, ...); nothing to add.
            if (data.AttributeConstructor is null
                || data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
                || data.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error))
            {
                unbound = true;
                continue;
            }

            var syntax = (AttributeSyntax)reference.GetSyntax(cancellationToken);
            if (reference.SyntaxTree != declaration.SyntaxTree || !declaration.Span.Contains(reference.Span))
            {
                var elsewhere = GeneratorRules.AttributeElsewhere.At(SpanOf.Node(syntax), name, symbol.Name);
                infos.Add(DiagnosticInfo.From(reference.SyntaxTree.FilePath, elsewhere));
                continue;
            }

            var arguments = AttributeArguments.Create(name, data, syntax);
            if (name == AttributeNames.TransferLearningShort)
                root ??= arguments;
            else
                attributes.Add(arguments);
        }

        var diagnostics = new List<SpecDiagnostic>(shape);
        ExperimentSpec? spec = null;
        if (root is not null && !unbound)
        {
            var cx = new AttributeReadContext();
            spec = AttributeSpecBuilder.Build(cx, symbol.Name, nameSpan, root, attributes);
            diagnostics.AddRange(cx.Diagnostics);
            if (spec is not null && !cx.Diagnostics.Any(d => d.Severity == SpecSeverity.Error))
            {
                var document = new SpecDocument(spec, cx.Locations);
                diagnostics.AddRange(SpecValidator.Validate(document));
                diagnostics.AddRange(ExperimentNameCheck.Check(document));
            }
        }

        infos.InsertRange(0, diagnostics.Select(d => DiagnosticInfo.From(path, d)));
        var result = new EquatableArray<DiagnosticInfo>(infos);
        if (spec is null || unbound || infos.Any(d => d.Severity == SpecSeverity.Error))
            return new SpecFileResult(null, result);

        var declared = new DeclaredClass(
            symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(NamespaceFormat) : null,
            Modifiers(symbol));
        // The model bundle carries a spec, so an attribute experiment carries its canonical YAML.
        var specText = "# The " + spec.Name + " experiment, written from its [TransferLearning] attributes.\n" + SpecYamlWriter.Write(spec);
        var experiment = new ExperimentModel(path, specText, spec, nameSpan) { DeclaredClass = declared };
        return new SpecFileResult(experiment, result);
    }

    /// <summary>"Phase" for TLDeclarative.Declarations.PhaseAttribute; null for any other attribute.</summary>
    private static string? ExperimentAttributeName(AttributeData data)
    {
        if (data.AttributeClass is not { ContainingType: null } type
            || type.ContainingNamespace?.ToDisplayString() != AttributeNames.Namespace
            || !type.Name.EndsWith("Attribute", StringComparison.Ordinal))
            return null;
        var name = type.Name.Substring(0, type.Name.Length - "Attribute".Length);
        return AttributeNames.All.Contains(name) ? name : null;
    }

    // The generated part repeats what the user's class says (public or internal, sealed or not) and nothing more.
    private static string Modifiers(INamedTypeSymbol symbol)
    {
        var accessibility = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        return symbol.IsSealed ? accessibility + " sealed" : accessibility;
    }
}
