namespace TLDeclarative.Onnx;

/// <summary>"Did you mean" for node names: the known names closest to a misspelt one.</summary>
internal static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string wanted, IEnumerable<string> known, int count = 5)
    {
        // Containment first (users often type a suffix of a long exporter name), then edit distance.
        return known.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Score: name.Contains(wanted, StringComparison.OrdinalIgnoreCase) || wanted.Contains(name, StringComparison.OrdinalIgnoreCase)
                ? 0 : Distance(wanted.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(p => p.Score <= Math.Max(3, wanted.Length / 2))
            .OrderBy(p => p.Score).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(p => p.Name)
            .ToList();
    }

    /// <summary>Levenshtein distance with two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
