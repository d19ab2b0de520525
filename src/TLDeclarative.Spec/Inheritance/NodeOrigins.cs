using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Yaml;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Inheritance
{
    /// <summary>
    /// Which file each node of a merged spec tree was written in, so that a diagnostic about a merged
    /// value points at the base spec that holds it. Nodes of the spec being loaded are not recorded
    /// (their spans name no file); a mapping made by merging points where the extending spec wrote it.
    /// </summary>
    internal sealed class NodeOrigins
    {
        private readonly Dictionary<YamlNode, Origin> _origins = new Dictionary<YamlNode, Origin>(ReferenceComparer.Instance);

        /// <summary>Records every node of a base spec's own tree as written in <paramref name="filePath"/>.</summary>
        public void MarkFile(YamlNode root, string filePath)
        {
            // Iterative, and each node once: aliases make a tree a graph (anchor bombs stay linear).
            var pending = new Stack<YamlNode>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (_origins.ContainsKey(node))
                    continue;
                _origins[node] = new Origin(node, filePath);
                if (node is YamlMappingNode mapping)
                {
                    foreach (var entry in mapping.Children)
                    {
                        pending.Push(entry.Key);
                        pending.Push(entry.Value);
                    }
                }
                else if (node is YamlSequenceNode sequence)
                {
                    foreach (var child in sequence.Children)
                        pending.Push(child);
                }
            }
        }

        /// <summary>A mapping made by merging is reported where <paramref name="writtenAs"/> (the extending spec's mapping) is.</summary>
        public void MarkMerged(YamlNode merged, YamlNode writtenAs) =>
            _origins[merged] = _origins.TryGetValue(writtenAs, out var origin) ? origin : new Origin(writtenAs, null);

        /// <summary>The span of <paramref name="node"/> with its file, or null for a node of the spec being loaded.</summary>
        public SourceSpan? SpanOf(YamlNode node)
        {
            if (!_origins.TryGetValue(node, out var origin))
                return null;
            var span = NodeReader.SpanOf(origin.Node);
            return origin.FilePath is null ? span : span with { FilePath = origin.FilePath };
        }

        private sealed class Origin
        {
            public Origin(YamlNode node, string? filePath)
            {
                Node = node;
                FilePath = filePath;
            }

            public YamlNode Node { get; }

            public string? FilePath { get; }
        }

        /// <summary>YamlDotNet's nodes compare by content; origins are about identity.</summary>
        private sealed class ReferenceComparer : IEqualityComparer<YamlNode>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public bool Equals(YamlNode? x, YamlNode? y) => ReferenceEquals(x, y);

            public int GetHashCode(YamlNode obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
