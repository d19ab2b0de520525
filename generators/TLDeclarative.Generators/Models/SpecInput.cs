using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Models;

/// <summary>
/// A spec file with the texts of the base specs it extends (directly or through other bases): all that
/// reading it needs. Equal when none of those files changed, so editing an unrelated spec reads nothing again.
/// </summary>
internal sealed record SpecInput(SpecFileText File, EquatableArray<SpecFileText> Bases)
{
    /// <summary>The chain of bases of <paramref name="file"/> among the project's spec files; stops at a missing file or a repeat.</summary>
    public static SpecInput Of(SpecFileText file, ImmutableArray<SpecFileText> all)
    {
        if (file.Extends is null)
            return new SpecInput(file, default);
        var byPath = new Dictionary<string, SpecFileText>(StringComparer.Ordinal);
        foreach (var candidate in all)
            byPath[SpecPaths.Normalize(candidate.Path)] = candidate;

        var bases = new List<SpecFileText>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { SpecPaths.Normalize(file.Path) };
        var current = file;
        while (current.Extends is { } extends && bases.Count <= SpecExtends.MaxChain)
        {
            var target = SpecPaths.Resolve(current.Path, extends);
            if (!seen.Add(target) || !byPath.TryGetValue(target, out var next))
                break;
            bases.Add(next);
            current = next;
        }

        return new SpecInput(file, new EquatableArray<SpecFileText>(bases));
    }
}
