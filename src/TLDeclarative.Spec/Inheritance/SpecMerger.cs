using System.Collections.Generic;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Inheritance
{
    /// <summary>
    /// The <c>extends</c> merge: mappings merge key by key, recursively, the extending spec's value
    /// winning; every other value (lists included) replaces the base's whole. Works on YAML trees, so
    /// the merged tree still holds the original nodes and their positions.
    /// </summary>
    internal static class SpecMerger
    {
        public const string ExtendsKey = "extends";

        /// <summary>Deeper mappings are not merged (the child's replaces the base's): a spec is never that deep.</summary>
        private const int MaxDepth = 32;

        /// <summary>The root of <paramref name="child"/> merged over <paramref name="baseRoot"/>, without <c>extends</c> keys.</summary>
        public static YamlNode MergeRoots(YamlNode baseRoot, YamlNode child, NodeOrigins origins)
        {
            if (baseRoot is not YamlMappingNode baseMapping || child is not YamlMappingNode childMapping)
                return child;
            return Merge(baseMapping, childMapping, origins, depth: 0, dropKey: ExtendsKey);
        }

        /// <summary>The value of the top-level <c>extends</c> key, if any.</summary>
        public static YamlNode? ExtendsValue(YamlNode root) => root is YamlMappingNode mapping ? ValueOf(mapping, ExtendsKey) : null;

        /// <summary>The value of a plain scalar key, if the mapping has it.</summary>
        public static YamlNode? ValueOf(YamlMappingNode mapping, string key)
        {
            foreach (var entry in mapping.Children)
            {
                if (entry.Key is YamlScalarNode scalar && scalar.Value == key)
                    return entry.Value;
            }

            return null;
        }

        // The extending spec's keys first, in its order (merged where both have a mapping), then the base's other keys.
        private static YamlMappingNode Merge(YamlMappingNode baseMapping, YamlMappingNode child, NodeOrigins origins, int depth, string? dropKey)
        {
            var baseValues = new Dictionary<string, YamlNode>();
            foreach (var entry in baseMapping.Children)
            {
                if (entry.Key is YamlScalarNode scalar && scalar.Value is { } key && !baseValues.ContainsKey(key))
                    baseValues[key] = entry.Value;
            }

            var merged = new YamlMappingNode();
            foreach (var entry in child.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value;
                if (key is not null && key == dropKey)
                    continue;
                var value = key is not null && baseValues.TryGetValue(key, out var baseValue)
                    && entry.Value is YamlMappingNode childMapping && baseValue is YamlMappingNode baseMappingValue
                    && childMapping.Tag.IsEmpty && baseMappingValue.Tag.IsEmpty && depth < MaxDepth
                    ? Merge(baseMappingValue, childMapping, origins, depth + 1, dropKey: null)
                    : entry.Value;
                Add(merged, entry.Key, value);
            }

            foreach (var entry in baseMapping.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value;
                if (key is not null && key == dropKey)
                    continue;
                Add(merged, entry.Key, entry.Value);
            }

            origins.MarkMerged(merged, child);
            return merged;
        }

        // Children compare keys by content: a base key the extending spec also has is skipped.
        private static void Add(YamlMappingNode mapping, YamlNode key, YamlNode value)
        {
            if (!mapping.Children.ContainsKey(key))
                mapping.Add(key, value);
        }
    }
}
