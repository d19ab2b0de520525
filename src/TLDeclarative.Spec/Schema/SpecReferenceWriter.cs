using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TLDeclarative.Spec.Schema
{
    /// <summary>
    /// Writes the key table of docs/spec-reference.md from <see cref="SpecSchema"/>: every key with its
    /// type, default and meaning. The table sits between two marker comments; the prose around it is
    /// written by hand. A test keeps the committed file in step.
    /// </summary>
    public static class SpecReferenceWriter
    {
        public const string BeginMarker = "<!-- BEGIN spec keys: generated from src/TLDeclarative.Spec/Schema/SpecSchema.cs; edit there, then run the spec tests with TLD_ACCEPT_SNAPSHOTS=1 -->";
        public const string EndMarker = "<!-- END spec keys -->";

        /// <summary>The markdown table of every key, in documented order.</summary>
        public static string WriteTable()
        {
            var builder = new StringBuilder();
            builder.Append("| key | type | default | meaning |\n");
            builder.Append("|---|---|---|---|\n");
            foreach (var node in SpecSchema.All.Where(n => n.Key.Length > 0))
            {
                builder.Append("| `").Append(node.Path).Append("` | ")
                    .Append(Cell(TypeOf(node))).Append(" | ")
                    .Append(Cell(DefaultOf(node))).Append(" | ")
                    .Append(Cell(node.Description)).Append(" |\n");
            }

            return builder.ToString();
        }

        /// <summary><paramref name="document"/> with the text between the markers replaced by <see cref="WriteTable"/>.</summary>
        public static string Update(string document)
        {
            var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
            var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
            if (begin < 0 || end < begin)
                throw new ArgumentException("the document has no '" + BeginMarker + "' ... '" + EndMarker + "' section", nameof(document));
            var start = begin + BeginMarker.Length;
            return document.Substring(0, start) + "\n" + WriteTable() + document.Substring(end);
        }

        /// <summary>How the docs name a node's type: "integer 1..4096", "`adam` \| ...", "list of identifier, at least 2".</summary>
        public static string TypeOf(SchemaNode node)
        {
            switch (node.Kind)
            {
                case SchemaKind.Mapping:
                    if (node.AnyKeyValue is { } anyValue)
                        return "mapping of " + node.AnyKeyName + " to " + TypeOf(anyValue);
                    return node.ExactlyOneKey ? "mapping with one of " + Words(node.Keys) : "mapping";
                case SchemaKind.List:
                    var items = "list of " + TypeOf(node.Items!);
                    if (node.MinItems > 0 && node.MaxItems == node.MinItems)
                        return items + ", exactly " + node.MinItems;
                    return node.MinItems > 0 ? items + ", at least " + node.MinItems : items;
                case SchemaKind.Text:
                    return node.Values.Count > 0 ? "string (" + Words(node.Values) + ")" : "string";
                case SchemaKind.Identifier:
                    return "identifier";
                case SchemaKind.Path:
                    return node.Key == "extends" ? "path of a `.tl.yaml`" : "path";
                case SchemaKind.Integer:
                    return node.Range is null ? "integer" : "integer " + node.Range.Interval;
                case SchemaKind.Number:
                    return node.Range is null ? "number" : "number " + node.Range.Interval + (node.Range.Unit is null ? string.Empty : " " + node.Range.Unit);
                case SchemaKind.Boolean:
                    return "`true` \\| `false`";
                case SchemaKind.Choice:
                    return Words(node.Values);
                default:
                    return string.Join(" or ", node.Alternatives.Select(a => a.Kind != SchemaKind.Mapping ? TypeOf(a)
                        : a.AnyKeyValue is not null ? "`{ " + a.AnyKeyName.Replace(' ', '_') + ": ... }`"
                        : "`{ " + string.Join(", ", a.Keys.Select(k => k + ": ...")) + " }`"));
            }
        }

        private static string DefaultOf(SchemaNode node)
        {
            if (node.IsRequired)
                return "required";
            if (node.Default is { } value)
                return "`" + value + "`";
            // A note in words ("required unless onnx") is no value to copy, so it is not set as code.
            if (node.DefaultNote is not { } note)
                return "none";
            return note.IndexOf(' ') >= 0 && note[0] != '[' ? note : "`" + note + "`";
        }

        private static string Words(IEnumerable<string> values) => string.Join(" \\| ", values.Select(v => "`" + v + "`"));

        // Pipes inside a cell end it; escape those not escaped yet.
        private static string Cell(string text)
        {
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '|' && (i == 0 || text[i - 1] != '\\'))
                    builder.Append('\\');
                builder.Append(text[i]);
            }

            return builder.ToString();
        }
    }
}
