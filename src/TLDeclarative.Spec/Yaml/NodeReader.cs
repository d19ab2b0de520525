using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>
    /// Typed access to YAML nodes that records every value's position and reports type errors
    /// instead of coercing: <c>epochs: "10"</c> is a string, not a number.
    /// </summary>
    internal sealed class NodeReader
    {
        private readonly List<SpecDiagnostic> _diagnostics;
        private readonly List<SpecLocation> _locations = new List<SpecLocation>();

        private readonly NodeOrigins? _origins;

        public NodeReader(List<SpecDiagnostic> diagnostics, NodeOrigins? origins = null, bool partial = false)
        {
            _diagnostics = diagnostics;
            _origins = origins;
            Partial = partial;
        }

        /// <summary>Reading a base spec: required keys may come from the spec that extends it, so none is reported missing.</summary>
        public bool Partial { get; }

        public SpecLocations Locations => new SpecLocations(new EquatableArray<SpecLocation>(_locations));

        public void Report(SpecDiagnostic diagnostic) => _diagnostics.Add(diagnostic);

        public static SourceSpan SpanOf(YamlNode node) => new SourceSpan(
            (int)node.Start.Line, (int)node.Start.Column, (int)node.End.Line, (int)node.End.Column,
            (int)node.Start.Index, (int)node.End.Index);

        /// <summary>Where <paramref name="node"/> was written, in whichever file of an <c>extends</c> chain that was.</summary>
        public SourceSpan Span(YamlNode node) => _origins?.SpanOf(node) ?? SpanOf(node);

        public void Record(string path, YamlNode node) => _locations.Add(new SpecLocation(path, Span(node)));

        /// <summary>Reads a mapping's keys, reporting unknown ones with the nearest known key.</summary>
        public MappingScope? Mapping(YamlNode? node, string path, string description, params string[] knownKeys)
        {
            if (node is null)
                return null;
            if (!IsPlainNode(node, path))
                return null;
            if (node is not YamlMappingNode mapping)
            {
                Report(DiagnosticCatalog.WrongType.At(Span(node), path, "a mapping", Describe(node)));
                return null;
            }

            Record(path, node);
            var known = new Dictionary<string, YamlNode>();
            foreach (var entry in mapping.Children)
            {
                if (entry.Key is not YamlScalarNode keyNode || keyNode.Value is null)
                {
                    Report(DiagnosticCatalog.WrongType.At(Span(entry.Key), path, "a mapping with plain keys", Describe(entry.Key)));
                    continue;
                }

                var key = keyNode.Value;
                if (knownKeys.Contains(key))
                    known[key] = entry.Value;
                else
                    Report(DiagnosticCatalog.UnknownKey.At(Span(keyNode), key, description, Naming.DidYouMean(key, knownKeys)));
            }

            return new MappingScope(this, mapping, path, description, known);
        }

        public YamlSequenceNode? Sequence(YamlNode node, string path, string description)
        {
            if (!IsPlainNode(node, path))
                return null;
            if (node is YamlSequenceNode sequence)
            {
                Record(path, node);
                return sequence;
            }

            Report(DiagnosticCatalog.WrongType.At(Span(node), path, description, Describe(node)));
            return null;
        }

        public string? String(YamlNode node, string path)
        {
            var scalar = Scalar(node, path, "a string");
            if (scalar is null)
                return null;
            if (scalar.Style == ScalarStyle.Plain && IsNull(scalar.Value!))
            {
                Report(DiagnosticCatalog.WrongType.At(Span(node), path, "a string", "empty"));
                return null;
            }

            return scalar.Value;
        }

        public int? Integer(YamlNode node, string path)
        {
            var scalar = Scalar(node, path, "an integer");
            if (scalar is null)
                return null;
            if (scalar.Style == ScalarStyle.Plain
                && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            Report(DiagnosticCatalog.WrongType.At(Span(node), path, "an integer", DescribeScalar(scalar)));
            return null;
        }

        public double? Number(YamlNode node, string path)
        {
            var scalar = Scalar(node, path, "a number");
            if (scalar is null)
                return null;
            if (scalar.Style == ScalarStyle.Plain
                && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && !double.IsNaN(value) && !double.IsInfinity(value))
                return value;
            Report(DiagnosticCatalog.WrongType.At(Span(node), path, "a finite number", DescribeScalar(scalar)));
            return null;
        }

        public bool? Boolean(YamlNode node, string path)
        {
            var scalar = Scalar(node, path, "true or false");
            if (scalar is null)
                return null;
            if (scalar.Style == ScalarStyle.Plain && (scalar.Value == "true" || scalar.Value == "false"))
                return scalar.Value == "true";
            Report(DiagnosticCatalog.WrongType.At(Span(node), path, "true or false", DescribeScalar(scalar)));
            return null;
        }

        /// <summary>A plain string that must be one of <paramref name="names"/>; suggests the nearest on a typo.</summary>
        public T? Choice<T>(YamlNode node, string path, string what, IReadOnlyDictionary<string, T> names)
            where T : struct
        {
            var text = String(node, path);
            if (text is null)
                return null;
            if (names.TryGetValue(text, out var value))
                return value;
            Report(DiagnosticCatalog.UnknownValue.At(
                Span(node), what, text, Naming.DidYouMean(text, names.Keys), string.Join(", ", names.Keys)));
            return null;
        }

        private YamlScalarNode? Scalar(YamlNode node, string path, string expected)
        {
            if (!IsPlainNode(node, path))
                return null;
            Record(path, node);
            if (node is YamlScalarNode scalar && scalar.Value is not null)
                return scalar;
            Report(DiagnosticCatalog.WrongType.At(Span(node), path, expected, Describe(node)));
            return null;
        }

        // Type tags (!!str, !!python/object) are never resolved: a spec is data, not objects.
        private bool IsPlainNode(YamlNode node, string path)
        {
            if (node.Tag.IsEmpty)
                return true;
            Report(DiagnosticCatalog.WrongType.At(Span(node), path, "an untagged value", "tagged '" + node.Tag.Value + "'"));
            return false;
        }

        private static bool IsNull(string value) => value.Length == 0 || value == "~" || value == "null" || value == "Null" || value == "NULL";

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode _ => "a mapping",
            YamlSequenceNode _ => "a list",
            YamlScalarNode scalar => DescribeScalar(scalar),
            _ => "an alias",
        };

        private static string DescribeScalar(YamlScalarNode scalar)
        {
            var value = scalar.Value ?? string.Empty;
            var shown = value.Length > 40 ? value.Substring(0, 40) + "..." : value;
            return scalar.Style == ScalarStyle.Plain ? "'" + shown + "'" : "the string \"" + shown + "\"";
        }
    }
}
