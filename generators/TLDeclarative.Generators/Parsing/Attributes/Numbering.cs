using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// Phases and head layers carry their position as a number (1, 2, 3, ...): attribute order in the
/// source is not something a reader should have to trust. Duplicates (TLD0008) and gaps (TLD0005)
/// are reported at the number.
/// </summary>
internal static class Numbering
{
    /// <summary>The attributes sorted by their number, or null when the numbering is broken.</summary>
    public static List<AttributeArguments>? Order(AttributeReadContext cx, IEnumerable<AttributeArguments> attributes, string parameter, string what, string plural)
    {
        var numbered = new List<(AttributeArguments Attribute, int Number, SourceSpan Span)>();
        foreach (var attribute in attributes)
        {
            var argument = attribute.Constructor(parameter);
            if (argument.Value?.Value is not int number)
                return null;
            numbered.Add((attribute, number, argument.Span));
        }

        var ok = true;
        var expected = 1;
        int? previous = null;
        // OrderBy is stable: equal numbers stay in source order, so the second one is the duplicate.
        foreach (var item in numbered.OrderBy(n => n.Number))
        {
            if (item.Number == previous)
            {
                cx.Report(DiagnosticCatalog.DuplicateName.At(item.Span, what, item.Number));
                ok = false;
                continue;
            }

            if (item.Number != expected)
            {
                cx.Report(DiagnosticCatalog.OutOfRange.At(item.Span, what, expected + " (" + plural + " are numbered 1, 2, 3, ... without gaps)", item.Number));
                ok = false;
            }

            previous = item.Number;
            expected = item.Number + 1;
        }

        return ok ? numbered.OrderBy(n => n.Number).Select(n => n.Attribute).ToList() : null;
    }
}
