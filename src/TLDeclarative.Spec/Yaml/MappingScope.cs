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
    }
}
