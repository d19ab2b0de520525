using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Diagnostics;

/// <summary>
/// Roslyn descriptors for every rule of <see cref="DiagnosticCatalog"/> (the one source of truth,
/// shared with the run time), the generator's C# declaration rules (<see cref="GeneratorRules"/>)
/// and its internal-error rule. Messages come formatted
/// from the spec library, so every descriptor's message format is just <c>{0}</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "TLDeclarative";
    public const string InternalErrorId = "TLD9999";

    public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
        InternalErrorId,
        "Internal error in the TLDeclarative generator",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(InternalErrorId));

    private static readonly Dictionary<string, DiagnosticDescriptor> ById =
        DiagnosticCatalog.All.Concat(GeneratorRules.All).ToDictionary(rule => rule.Id, FromRule);

    /// <summary>The descriptor of a catalogue ID; an ID the catalogue lacks is an internal error.</summary>
    public static DiagnosticDescriptor For(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : InternalError;

    public static string HelpLink(string id) => "docs/diagnostics.md#" + id.ToLowerInvariant();

    private static DiagnosticDescriptor FromRule(DiagnosticRule rule) => new(
        rule.Id,
        rule.Title,
        "{0}",
        Category,
        ToRoslyn(rule.Severity),
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(rule.Id));

    public static DiagnosticSeverity ToRoslyn(SpecSeverity severity) => severity switch
    {
        SpecSeverity.Error => DiagnosticSeverity.Error,
        SpecSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };
}
