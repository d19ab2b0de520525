using Microsoft.CodeAnalysis;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>Positions in a C# file as spec spans (1-based lines and columns, 0-based offsets), so attribute mistakes are reported like YAML ones.</summary>
internal static class SpanOf
{
    public static SourceSpan Node(SyntaxNode node) => Of(node.SyntaxTree, node.Span);

    public static SourceSpan Token(SyntaxToken token) => Of(token.SyntaxTree!, token.Span);

    private static SourceSpan Of(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var lines = tree.GetLineSpan(span);
        return new SourceSpan(
            lines.StartLinePosition.Line + 1,
            lines.StartLinePosition.Character + 1,
            lines.EndLinePosition.Line + 1,
            lines.EndLinePosition.Character + 1,
            span.Start,
            span.End);
    }
}
