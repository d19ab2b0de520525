using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Runs;

/// <summary>
/// Names what changed between two versions of a spec: every value gets its key path
/// (<c>phases[1].optimizer.adam.learning_rate</c>), and paths whose values differ, appear or disappear
/// are listed.
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

    /// <summary>
    /// Key path to scalar value, in file order: mappings (block or flow) open a level, list items are
    /// numbered, and a list of plain values stays one value (<c>[150, 150]</c>).
    /// </summary>
    public static Dictionary<string, string> Flatten(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            // Not YAML: the text is the one value there is to compare.
            values[""] = yaml;
            return values;
        }

        if (stream.Documents.Count > 0)
            Add(values, "", stream.Documents[0].RootNode);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string path, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                    Add(values, path.Length == 0 ? name : $"{path}.{name}", value);
                }

                break;
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode):
                values[path] = "[" + string.Join(", ", sequence.Children.Select(c => ((YamlScalarNode)c).Value)) + "]";
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Add(values, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), sequence.Children[i]);
                break;
            case YamlScalarNode scalar:
                values[path] = scalar.Value ?? "";
                break;
        }
    }
}

/// <summary>A key whose value differs between two specs; <see cref="Before"/> is null for an added key, <see cref="After"/> for a removed one.</summary>
public sealed record SpecChange(string Key, string? Before, string? After);
