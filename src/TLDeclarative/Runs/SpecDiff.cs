namespace TLDeclarative.Runs;

/// <summary>
/// Names what changed between two versions of a normalized spec (block-style YAML, one key a line):
/// each line gets its key path from its indentation (<c>phases[1].optimizer.adam.learning_rate</c>),
/// and paths whose values differ, appear or disappear are listed.
/// </summary>
public static class SpecDiff
{
    /// <summary>One line per changed key: <c>key: before -> after</c>, <c>key removed (was v)</c>, <c>key added (v)</c>.</summary>
    public static IReadOnlyList<string> ChangedKeys(string before, string after) =>
        Differences(before, after).Select(c => c switch
        {
            { After: null } => $"{c.Key} removed (was {c.Before})",
            { Before: null } => $"{c.Key} added ({c.After})",
            _ => $"{c.Key}: {c.Before} -> {c.After}",
        }).ToList();

    /// <summary>The keys whose values differ, appear or disappear: changed and removed keys in the order of <paramref name="before"/>, then added ones.</summary>
    public static IReadOnlyList<SpecChange> Differences(string before, string after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        var changes = new List<SpecChange>();
        foreach (var (key, value) in old)
        {
            if (!now.TryGetValue(key, out var current))
                changes.Add(new SpecChange(key, value, null));
            else if (current != value)
                changes.Add(new SpecChange(key, value, current));
        }

        foreach (var (key, value) in now)
        {
            if (!old.ContainsKey(key))
                changes.Add(new SpecChange(key, null, value));
        }

        return changes;
    }

    /// <summary>Key path to scalar value (flow collections stay one value), in file order.</summary>
    public static Dictionary<string, string> Flatten(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var open = new List<(int Indent, string Path, bool IsKey)>();
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in yaml.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var content = raw.Trim();
            if (content.Length == 0 || content.StartsWith('#') || content == "---")
                continue;
            var indent = raw.Length - raw.TrimStart(' ').Length;
            var isItem = content == "-" || content.StartsWith("- ", StringComparison.Ordinal);
            // A list may sit at its key's own indentation ("phases:\n- name: x").
            while (open.Count > 0 && (open[^1].Indent > indent || (open[^1].Indent == indent && !(isItem && open[^1].IsKey))))
                open.RemoveAt(open.Count - 1);
            var parent = open.Count > 0 ? open[^1].Path : "";
            if (isItem)
            {
                items.TryGetValue(parent, out var index);
                items[parent] = index + 1;
                parent = $"{parent}[{index}]";
                open.Add((indent, parent, false));
                content = content.Length > 1 ? content[2..].TrimStart() : "";
                indent += 2;
                if (content.Length == 0)
                    continue;
            }

            var colon = KeySeparator(content);
            if (colon < 0)
            {
                values[parent] = content;
                continue;
            }

            var key = content[..colon].Trim();
            var value = content[(colon + 1)..].Trim();
            var path = parent.Length == 0 ? key : $"{parent}.{key}";
            if (value.Length == 0)
                open.Add((indent, path, true));
            else
                values[path] = value;
        }

        return values;
    }

    // "key: value" or "key:" at the end; a colon inside quotes or a flow collection is not a separator.
    private static int KeySeparator(string content)
    {
        if (content[0] is '"' or '\'' or '[' or '{')
            return -1;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == ':' && (i == content.Length - 1 || content[i + 1] == ' '))
                return i;
        }

        return -1;
    }
}

/// <summary>A key whose value differs between two specs; <see cref="Before"/> is null for an added key, <see cref="After"/> for a removed one.</summary>
public sealed record SpecChange(string Key, string? Before, string? After);
