using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace TLDeclarative.Generators.Helpers;

/// <summary>Chooses the namespace of generated classes: the project's RootNamespace, else its assembly name.</summary>
internal static class NamespaceNames
{
    /// <returns>A valid C# namespace name, or null for the global namespace.</returns>
    public static string? Resolve(string? rootNamespace, string? assemblyName)
    {
        var chosen = string.IsNullOrWhiteSpace(rootNamespace) ? assemblyName : rootNamespace;
        if (chosen is null)
            return null;
        var segments = chosen.Split('.').Select(Sanitize).Where(s => s.Length > 0).ToList();
        return segments.Count == 0 ? null : string.Join(".", segments);
    }

    // MSBuild does the same to assembly names like "my-app": invalid characters become '_'.
    private static string Sanitize(string segment)
    {
        var trimmed = segment.Trim();
        if (trimmed.Length == 0)
            return string.Empty;
        var builder = new StringBuilder(trimmed.Length + 1);
        if (!SyntaxFacts.IsIdentifierStartCharacter(trimmed[0]))
            builder.Append('_');
        foreach (var c in trimmed)
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        var name = builder.ToString();
        return SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
    }
}
