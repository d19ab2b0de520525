using System.Collections.Generic;
using TLDeclarative.Spec.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>The known keys of one YAML mapping, with required-key reporting.</summary>
    internal sealed class MappingScope
    {
        private readonly NodeReader _reader;
        private readonly YamlMappingNode _node;
        private readonly string _description;
        private readonly Dictionary<string, YamlNode> _values;

        public MappingScope(NodeReader reader, YamlMappingNode node, string path, string description, Dictionary<string, YamlNode> values)
        {
            _reader = reader;
            _node = node;
            Path = path;
            _description = description;
            _values = values;
        }

        public string Path { get; }

        public IEnumerable<string> Keys => _values.Keys;

        public string Child(string key) => Path.Length == 0 ? key : Path + "." + key;

        public YamlNode? Optional(string key) => _values.TryGetValue(key, out var node) ? node : null;

        public YamlNode? Required(string key)
        {
            if (_values.TryGetValue(key, out var node))
                return node;
            if (!_reader.Partial)
                _reader.Report(DiagnosticCatalog.MissingKey.At(_reader.Span(_node), key, _description));
            return null;
        }

        /// <summary>
        /// True when exactly one of two alternative keys is given; otherwise reports both given (at the
        /// second's value) or neither (at the mapping, unless a base spec may still give one).
        /// </summary>
        public bool ExactlyOneOf(string first, string second, string why)
        {
            var a = Optional(first);
            var b = Optional(second);
            // A spec that extends a base may switch alternatives: its own key replaces the base's.
            if (a is not null && b is not null && (_reader.Span(a).FilePath is null) != (_reader.Span(b).FilePath is null))
            {
                _values.Remove(_reader.Span(a).FilePath is null ? second : first);
                return true;
            }

            if (a is not null && b is not null)
            {
                _reader.Report(DiagnosticCatalog.ConflictingKeys.At(_reader.Span(b), first, second, _description, why));
                return false;
            }

            if (a is null && b is null)
            {
                if (!_reader.Partial)
                    _reader.Report(DiagnosticCatalog.MissingOneOfKeys.At(_reader.Span(_node), _description, first, second, why));
                return false;
            }

            return true;
        }
    }
}
