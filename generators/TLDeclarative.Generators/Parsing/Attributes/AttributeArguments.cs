using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>One argument of an attribute: its constant (null when not written) and where it is written.</summary>
internal readonly record struct Argument(string Key, TypedConstant? Value, SourceSpan Span)
{
    public bool IsSet => Value is not null;
}

/// <summary>
/// One applied experiment attribute: its constructor and named arguments by name, each with the
/// position of its expression in the .cs file. Lives only inside the transform.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;
    private readonly Dictionary<string, SyntaxNode> _syntax;

    private AttributeArguments(string name, AttributeData data, SourceSpan span, Dictionary<string, SyntaxNode> syntax)
    {
        Name = name;
        _data = data;
        Span = span;
        _syntax = syntax;
    }

    /// <summary>The attribute's short name: "Phase".</summary>
    public string Name { get; }

    /// <summary>The whole attribute, from its name: where problems without an argument of their own point.</summary>
    public SourceSpan Span { get; }

    public static AttributeArguments Create(string name, AttributeData data, AttributeSyntax syntax)
    {
        var parameters = data.AttributeConstructor?.Parameters ?? ImmutableArrayOf();
        var map = new Dictionary<string, SyntaxNode>();
        var positional = 0;
        foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
        {
            if (argument.NameEquals is { } property)
            {
                // Property = new[] { ... }: the property and each element, like an explicit array argument.
                AddConstructorArgument(map, property.Name.Identifier.ValueText, argument.Expression, element: null);
                continue;
            }

            if (argument.NameColon is { } parameter)
            {
                AddConstructorArgument(map, parameter.Name.Identifier.ValueText, argument.Expression, element: null);
                continue;
            }

            if (parameters.Length == 0)
                continue;
            var index = positional < parameters.Length ? positional : parameters.Length - 1;
            var target = parameters[index];
            // params string[] names: each positional argument from there on is one element, unless
            // the one argument there is the array itself.
            var expanded = target.IsParams && !(positional == index && IsArray(argument.Expression));
            AddConstructorArgument(map, target.Name, argument.Expression, expanded ? positional - index : null);
            positional++;
        }

        return new AttributeArguments(name, data, SpanOf.Node(syntax), map);
    }

    /// <summary>The constructor argument of parameter <paramref name="parameter"/>.</summary>
    public Argument Constructor(string parameter)
    {
        var ordinal = _data.AttributeConstructor?.Parameters.FirstOrDefault(p => p.Name == parameter)?.Ordinal ?? -1;
        var value = ordinal >= 0 && ordinal < _data.ConstructorArguments.Length ? _data.ConstructorArguments[ordinal] : (TypedConstant?)null;
        return new Argument(parameter, value, SpanOfKey(parameter));
    }

    /// <summary>Element <paramref name="index"/> of a <c>params</c> argument or of an array written as an argument.</summary>
    public SourceSpan ElementSpan(string parameter, int index) =>
        _syntax.TryGetValue(parameter + "[" + index + "]", out var node) ? SpanOf.Node(node) : SpanOfKey(parameter);

    /// <summary>The named argument <c>Property = value</c>; not set when it is not written.</summary>
    public Argument Named(string property)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == property)
                return new Argument(property, pair.Value, SpanOfKey(property));
        }

        return new Argument(property, null, Span);
    }

    private SourceSpan SpanOfKey(string key) => _syntax.TryGetValue(key, out var node) ? SpanOf.Node(node) : Span;

    private static void AddConstructorArgument(Dictionary<string, SyntaxNode> map, string parameter, ExpressionSyntax expression, int? element)
    {
        if (element is null)
        {
            map[parameter] = expression;
            // An explicit array (new[] { "a", "b" } or ["a", "b"]) passed for a params parameter: its elements.
            var items = expression switch
            {
                ArrayCreationExpressionSyntax array => array.Initializer?.Expressions.Cast<SyntaxNode>(),
                ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions,
                CollectionExpressionSyntax collection => collection.Elements,
                _ => null,
            };
            var i = 0;
            foreach (var item in items ?? [])
                map[parameter + "[" + i++ + "]"] = item;
            return;
        }

        if (element == 0)
            map[parameter] = expression;
        map[parameter + "[" + element + "]"] = expression;
    }

    private static bool IsArray(ExpressionSyntax expression) =>
        expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;

    private static System.Collections.Immutable.ImmutableArray<IParameterSymbol> ImmutableArrayOf() =>
        System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty;
}
