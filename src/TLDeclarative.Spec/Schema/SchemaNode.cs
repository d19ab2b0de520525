using System;
using System.Collections.Generic;
using System.Linq;

namespace TLDeclarative.Spec.Schema
{
    /// <summary>What a spec value is, as the reader, the JSON Schema and the reference docs see it.</summary>
    public enum SchemaKind
    {
        /// <summary>A mapping with known keys (<see cref="SchemaNode.Properties"/>); unknown keys are errors.</summary>
        Mapping,

        /// <summary>A list of <see cref="SchemaNode.Items"/>.</summary>
        List,

        /// <summary>Any non-empty string.</summary>
        Text,

        /// <summary>ASCII letters, digits and underscores, starting with a letter: becomes a C# name.</summary>
        Identifier,

        /// <summary>A file or folder path.</summary>
        Path,

#pragma warning disable CA1720 // JSON Schema's own type names are the clearest words here.
        Integer,
#pragma warning restore CA1720

        /// <summary>A finite number.</summary>
        Number,

        /// <summary><c>true</c> or <c>false</c>, nothing else.</summary>
        Boolean,

        /// <summary>One of <see cref="SchemaNode.Values"/>.</summary>
        Choice,

        /// <summary>One of several shapes (<see cref="SchemaNode.Alternatives"/>), told apart by their YAML kind.</summary>
        OneOf,
    }

    /// <summary>One key (or list item, or alternative shape) of the spec: everything that is known about it.</summary>
    public sealed class SchemaNode
    {
        private static readonly IReadOnlyList<SchemaNode> NoNodes = Array.Empty<SchemaNode>();

        public SchemaNode(string key, SchemaKind kind, string description)
        {
            Key = key;
            Kind = kind;
            Description = description;
        }

        /// <summary>The key in its mapping; empty for the root, list items and alternatives.</summary>
        public string Key { get; }

        public SchemaKind Kind { get; }

        /// <summary>One or two sentences: the JSON Schema's description (editor hover) and the docs' meaning column.</summary>
        public string Description { get; }

        /// <summary>Where the value sits: <c>data.batch_size</c>, <c>phases[].freeze.until</c>. Set when the tree is built.</summary>
        public string Path { get; internal set; } = string.Empty;

        /// <summary>A required key of its mapping. Keys of mappings that <see cref="Merges"/> may come from a base spec instead.</summary>
        public bool IsRequired { get; init; }

        /// <summary>The value used when the key is absent, as YAML writes it ("42", "imagenet", "false").</summary>
        public string? Default { get; init; }

        /// <summary>A default that is no literal value ("artifacts/&lt;experiment&gt;"): for the docs only.</summary>
        public string? DefaultNote { get; init; }

        /// <summary>For <see cref="SchemaKind.Integer"/> and <see cref="SchemaKind.Number"/>.</summary>
        public SpecRange? Range { get; init; }

        /// <summary>For <see cref="SchemaKind.Text"/> and <see cref="SchemaKind.Path"/>: a regular expression the value must match.</summary>
        public string? Pattern { get; init; }

        /// <summary>For <see cref="SchemaKind.Choice"/>: the allowed values, in the order messages list them.</summary>
        public IReadOnlyList<string> Values { get; init; } = Array.Empty<string>();

        /// <summary>For <see cref="SchemaKind.Mapping"/>: its keys in documented order.</summary>
        public IReadOnlyList<SchemaNode> Properties { get; init; } = NoNodes;

        /// <summary>For <see cref="SchemaKind.List"/>.</summary>
        public SchemaNode? Items { get; init; }

        /// <summary>
        /// For <see cref="SchemaKind.Mapping"/> without fixed keys (<c>class_weights: { cats: 2.0 }</c>):
        /// what every value is; <see cref="AnyKeyName"/> names the keys. The validator checks the keys.
        /// </summary>
        public SchemaNode? AnyKeyValue { get; init; }

        /// <summary>With <see cref="AnyKeyValue"/>: what the keys are ("class name").</summary>
        public string AnyKeyName { get; init; } = "key";

        /// <summary>For <see cref="SchemaKind.List"/>.</summary>
        public int MinItems { get; init; }

        /// <summary>For <see cref="SchemaKind.List"/>; null for no limit.</summary>
        public int? MaxItems { get; init; }

        /// <summary>For <see cref="SchemaKind.OneOf"/>.</summary>
        public IReadOnlyList<SchemaNode> Alternatives { get; init; } = NoNodes;

        /// <summary>For <see cref="SchemaKind.Mapping"/>: how messages name it ("a phase", "optimizer 'adam'").</summary>
        public string Label { get; init; } = string.Empty;

        /// <summary>For <see cref="SchemaKind.Mapping"/>: exactly one of its keys must be given (a head layer, an optimizer).</summary>
        public bool ExactlyOneKey { get; init; }

        /// <summary>
        /// For <see cref="SchemaKind.Mapping"/>: <c>extends</c> merges it key by key with the base spec's,
        /// so a single file need not hold its required keys. Lists, and mappings inside them, are replaced whole.
        /// </summary>
        public bool Merges { get; init; }

        /// <summary>The keys of a mapping, in documented order.</summary>
        public string[] Keys => Properties.Select(p => p.Key).ToArray();

        /// <summary>The key <paramref name="key"/> of this mapping.</summary>
        public SchemaNode Property(string key) =>
            Properties.FirstOrDefault(p => p.Key == key) ?? throw new ArgumentException("'" + Path + "' has no key '" + key + "'", nameof(key));

        /// <summary>This node and every node below it, depth first, in documented order.</summary>
        public IEnumerable<SchemaNode> DescendantsAndSelf()
        {
            yield return this;
            var children = Properties.Concat(Alternatives);
            if (Items is not null)
                children = children.Append(Items);
            if (AnyKeyValue is not null)
                children = children.Append(AnyKeyValue);
            foreach (var child in children)
            {
                foreach (var node in child.DescendantsAndSelf())
                    yield return node;
            }
        }

        internal void AssignPaths(string path)
        {
            Path = path;
            foreach (var property in Properties)
                property.AssignPaths(path.Length == 0 ? property.Key : path + "." + property.Key);
            foreach (var alternative in Alternatives)
                alternative.AssignPaths(path);
            Items?.AssignPaths(path + "[]");
            AnyKeyValue?.AssignPaths(path + ".<" + AnyKeyName.Replace(' ', '_') + ">");
        }
    }
}
