using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TLDeclarative.Generators.Diagnostics;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Parsing;

/// <summary>
/// What a class needs so the generator can add the experiment's other part: partial (TLD0100),
/// and a plain top-level class with no base class of its own (TLD0101). Reported at the class name.
/// </summary>
internal static class ClassShape
{
    public static IEnumerable<SpecDiagnostic> Check(TypeDeclarationSyntax declaration, INamedTypeSymbol symbol, SourceSpan nameSpan)
    {
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            yield return GeneratorRules.NotPartial.At(nameSpan, symbol.Name);
        if (Problem(declaration, symbol) is { } problem)
            yield return GeneratorRules.UnsupportedClass.At(nameSpan, symbol.Name, problem);
    }

    private static string? Problem(TypeDeclarationSyntax declaration, INamedTypeSymbol symbol)
    {
        if (declaration is RecordDeclarationSyntax)
            return "it is a record; declare a partial class";
        if (symbol.ContainingType is { } outer)
            return "it is nested in '" + outer.Name + "'; declare it directly in a namespace";
        if (symbol.IsGenericType)
            return "it is generic";
        if (symbol.IsStatic)
            return "it is static; the experiment is an instance of Experiment<Label>";
        if (symbol.IsAbstract)
            return "it is abstract; the generated Run method creates an instance";
        if (symbol.IsFileLocal)
            return "it is file-local; the generated part lives in another file";
        if (symbol.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            return "it already derives from '" + baseType.Name + "'; the generated part derives it from Experiment<Label>";
        return null;
    }
}
