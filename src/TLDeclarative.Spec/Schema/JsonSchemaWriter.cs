using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TLDeclarative.Spec.Schema
{
    /// <summary>
    /// Writes <see cref="SpecSchema"/> as a JSON Schema (draft-07, what YAML language servers support
    /// best): schema/tl.schema.json, for completion, hover text and checks in editors. Deterministic,
    /// so a test can compare it with the committed file.
    /// </summary>
    /// <remarks>
    /// Required keys of mappings that <c>extends</c> merges (the top level, data, backbone, ...) are
    /// required only in a complete experiment: a file with <c>experiment</c> and no <c>extends</c>.
    /// A base spec or an extending spec may leave them to the other file.
    /// </remarks>
    public static class JsonSchemaWriter
    {
        public const string Draft = "http://json-schema.org/draft-07/schema#";

        private static readonly string[] ExperimentKey = { "experiment" };
        private static readonly string[] ExtendsKey = { "extends" };

        public static string Write()
        {
            var json = new JsonText();
            json.BeginObject();
            json.Property("$schema", Draft);
            json.Property("title", "TLDeclarative experiment spec (*.tl.yaml)");
            WriteBody(json, SpecSchema.Root);
            WriteCompleteExperimentRule(json);
            json.EndObject();
            return json.ToString();
        }

        private static void WriteNode(JsonText json, SchemaNode node)
        {
            json.BeginObject();
            WriteBody(json, node);
            json.EndObject();
        }

        private static void WriteBody(JsonText json, SchemaNode node)
        {
            json.Property("description", node.Description);
            switch (node.Kind)
            {
                case SchemaKind.Mapping:
                    json.Property("type", "object");
                    json.Name("properties");
                    json.BeginObject();
                    foreach (var property in node.Properties)
                    {
                        json.Name(property.Key);
                        WriteNode(json, property);
                    }

                    json.EndObject();
                    json.Name("additionalProperties");
                    if (node.AnyKeyValue is { } anyValue)
                        WriteNode(json, anyValue);
                    else
                        json.Literal("false");
                    var required = node.Properties.Where(p => p.IsRequired).Select(p => p.Key).ToList();
                    if (required.Count > 0 && !node.Merges)
                        json.Property("required", required);
                    if (node.ExactlyOneKey)
                    {
                        json.Property("minProperties", 1);
                        json.Property("maxProperties", 1);
                    }

                    break;
                case SchemaKind.List:
                    json.Property("type", "array");
                    json.Name("items");
                    WriteNode(json, node.Items!);
                    if (node.MinItems > 0)
                        json.Property("minItems", node.MinItems);
                    if (node.MaxItems is { } max)
                        json.Property("maxItems", max);
                    break;
                case SchemaKind.Text:
                case SchemaKind.Path:
                    json.Property("type", "string");
                    json.Property("minLength", 1);
                    if (node.Pattern is { } pattern)
                        json.Property("pattern", pattern);
                    // Suggestions, not a closed set: an ONNX backbone names its own stages.
                    if (node.Values.Count > 0)
                        json.Property("examples", node.Values);
                    break;
                case SchemaKind.Identifier:
                    json.Property("type", "string");
                    json.Property("pattern", "^[A-Za-z][A-Za-z0-9_]*$");
                    json.Property("maxLength", 100);
                    break;
                case SchemaKind.Integer:
                case SchemaKind.Number:
                    json.Property("type", node.Kind == SchemaKind.Integer ? "integer" : "number");
                    if (node.Range is { } range)
                    {
                        json.Name(range.MinimumExclusive ? "exclusiveMinimum" : "minimum");
                        json.Literal(SpecRange.Number(range.Minimum));
                        if (range.Maximum is { } maximum)
                        {
                            json.Name(range.MaximumExclusive ? "exclusiveMaximum" : "maximum");
                            json.Literal(SpecRange.Number(maximum));
                        }
                    }

                    break;
                case SchemaKind.Boolean:
                    json.Property("type", "boolean");
                    break;
                case SchemaKind.Choice:
                    json.Property("type", "string");
                    json.Property("enum", node.Values);
                    break;
                case SchemaKind.OneOf:
                    json.Name("oneOf");
                    json.BeginArray();
                    foreach (var alternative in node.Alternatives)
                        WriteNode(json, alternative);
                    json.EndArray();
                    break;
            }

            if (node.Default is { } value)
            {
                json.Name("default");
                if (node.Kind is SchemaKind.Integer or SchemaKind.Number or SchemaKind.Boolean)
                    json.Literal(value);
                else
                    json.String(value);
            }
        }

        // if: a complete experiment (experiment, no extends) -> then: every required key of the merged mappings.
        private static void WriteCompleteExperimentRule(JsonText json)
        {
            json.Name("if");
            json.BeginObject();
            json.Property("required", ExperimentKey);
            json.Name("not");
            json.BeginObject();
            json.Property("required", ExtendsKey);
            json.EndObject();
            json.EndObject();

            json.Name("then");
            json.BeginObject();
            json.Property("required", SpecSchema.Root.Properties.Where(p => p.IsRequired).Select(p => p.Key).ToList());
            json.Name("properties");
            json.BeginObject();
            foreach (var mapping in SpecSchema.Root.Properties.Where(p => p.Kind == SchemaKind.Mapping && p.Merges))
            {
                var required = mapping.Properties.Where(p => p.IsRequired).Select(p => p.Key).ToList();
                if (required.Count == 0)
                    continue;
                json.Name(mapping.Key);
                json.BeginObject();
                json.Property("required", required);
                json.EndObject();
            }

            json.EndObject();
            json.EndObject();
        }

        /// <summary>An indenting JSON writer (two spaces, '\n'), enough for a schema: netstandard2.0 has no System.Text.Json.</summary>
        private sealed class JsonText
        {
            private readonly StringBuilder _text = new StringBuilder();
            private readonly Stack<bool> _hasItems = new Stack<bool>();
            private bool _afterName;

            public void BeginObject() => Open('{');

            public void EndObject() => Close('}');

            public void BeginArray() => Open('[');

            public void EndArray() => Close(']');

            public void Name(string name)
            {
                NextItem();
                AppendString(name);
                _text.Append(": ");
                _afterName = true;
            }

            public void Property(string name, string value)
            {
                Name(name);
                String(value);
            }

            public void Property(string name, int value)
            {
                Name(name);
                Literal(value.ToString(CultureInfo.InvariantCulture));
            }

            /// <summary>A short list of strings, on one line.</summary>
            public void Property(string name, IEnumerable<string> values)
            {
                Name(name);
                Value();
                _text.Append('[');
                var first = true;
                foreach (var value in values)
                {
                    if (!first)
                        _text.Append(", ");
                    AppendString(value);
                    first = false;
                }

                _text.Append(']');
            }

            public void String(string value)
            {
                Value();
                AppendString(value);
            }

            public void Literal(string value)
            {
                Value();
                _text.Append(value);
            }

            public override string ToString() => _text.ToString() + "\n";

            private void Open(char bracket)
            {
                Value();
                _text.Append(bracket);
                _hasItems.Push(false);
            }

            private void Close(char bracket)
            {
                var hadItems = _hasItems.Pop();
                if (hadItems)
                    NewLine();
                _text.Append(bracket);
            }

            // A value after a name stays on the name's line; a value in an array starts its own.
            private void Value()
            {
                if (_afterName)
                {
                    _afterName = false;
                    return;
                }

                if (_hasItems.Count > 0)
                    NextItem();
            }

            private void NextItem()
            {
                if (_hasItems.Pop())
                    _text.Append(',');
                _hasItems.Push(true);
                NewLine();
            }

            private void NewLine() => _text.Append('\n').Append(' ', _hasItems.Count * 2);

            private void AppendString(string value)
            {
                _text.Append('"');
                foreach (var c in value)
                {
                    switch (c)
                    {
                        case '"': _text.Append("\\\""); break;
                        case '\\': _text.Append("\\\\"); break;
                        case '\n': _text.Append("\\n"); break;
                        case '\r': _text.Append("\\r"); break;
                        case '\t': _text.Append("\\t"); break;
                        default:
                            if (c < ' ')
                                _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                            else
                                _text.Append(c);
                            break;
                    }
                }

                _text.Append('"');
            }
        }
    }
}
