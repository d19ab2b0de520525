using System;
using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Inheritance
{
    /// <summary>
    /// Resolves <c>extends</c> for one load: reads each base spec once, checks the chain for missing
    /// files and cycles, and merges each spec over its base. A base with problems of its own is not
    /// merged: the spec that extends it gets one TLD0017 at its <c>extends</c> value, and the base's
    /// own problems are reported when the base itself is checked (the generator checks every
    /// <c>.tl.yaml</c>), so each problem is reported once, in its own file.
    /// </summary>
    internal sealed class SpecComposer
    {
        /// <summary>Longer chains of base specs are refused (TLD0012): nobody means them.</summary>
        public const int MaxChain = SpecExtends.MaxChain;

        private readonly Func<string, string?> _readFile;
        private readonly NodeOrigins _origins = new NodeOrigins();
        private readonly Dictionary<string, Parsed> _parsed = new Dictionary<string, Parsed>(StringComparer.Ordinal);
        private readonly Dictionary<string, Composed> _composed = new Dictionary<string, Composed>(StringComparer.Ordinal);

        public SpecComposer(Func<string, string?> readFile) => _readFile = readFile;

        public NodeOrigins Origins => _origins;

        /// <summary>The files merged into the spec being loaded, nearest base first.</summary>
        public List<string> BaseFiles { get; } = new List<string>();

        /// <summary>
        /// The spec at <paramref name="path"/> (null when unknown: then it may not extend anything),
        /// merged over its bases. Its diagnostics are those about this file's own text.
        /// </summary>
        public Composed ComposeRoot(string? path, string text)
        {
            var parsed = Parse(path, text);
            var composed = Compose(path, parsed, isRoot: true, depth: 0);
            for (var file = composed.BasePath; file is not null && _composed.TryGetValue(file, out var next); file = next.BasePath)
            {
                if (BaseFiles.Contains(file))
                    break;
                BaseFiles.Add(file);
            }

            return composed;
        }

        private Composed Compose(string? path, Parsed parsed, bool isRoot, int depth)
        {
            var diagnostics = new List<SpecDiagnostic>(parsed.Diagnostics);
            if (parsed.Root is null)
                return new Composed(null, null, diagnostics, basePath: null);
            if (!isRoot)
                _origins.MarkFile(parsed.Root, path!);

            var extends = SpecMerger.ExtendsValue(parsed.Root);
            if (extends is null)
                return new Composed(parsed.Root, parsed.Root, diagnostics, basePath: null);

            var problem = BaseProblem(path, extends, depth, out var basePath, out var baseComposed);
            if (problem is not null)
            {
                diagnostics.Add(problem);
                return new Composed(parsed.Root, null, diagnostics, basePath);
            }

            var merged = SpecMerger.MergeRoots(baseComposed!.Tree!, parsed.Root, _origins);
            return new Composed(parsed.Root, merged, diagnostics, basePath);
        }

        // Why the base named by `extends` cannot be merged, as a diagnostic at the extends value; null when it can.
        private SpecDiagnostic? BaseProblem(string? path, YamlNode extends, int depth, out string? basePath, out Composed? baseComposed)
        {
            basePath = null;
            baseComposed = null;
            var at = NodeReader.SpanOf(extends);
            if (extends is not YamlScalarNode scalar || !scalar.Tag.IsEmpty || string.IsNullOrEmpty(scalar.Value)
                || (scalar.Style == ScalarStyle.Plain && scalar.Value == "null") || !SpecPaths.IsSpecPath(scalar.Value!))
                return DiagnosticCatalog.WrongType.At(at, SpecMerger.ExtendsKey, "the path of a " + SpecPaths.Extension + " file, relative to this spec", Describe(extends));
            if (path is null)
                return DiagnosticCatalog.BaseNotFound.At(at, scalar.Value!, "the spec's own path is unknown, so relative paths cannot be resolved");

            basePath = SpecPaths.Resolve(path, scalar.Value!);
            var chain = new List<string> { path };
            var cycle = FindCycle(path, basePath, chain);
            if (cycle is not null)
                return cycle.Value.TooLong
                    ? DiagnosticCatalog.TooDeep.At(at, "base specs extend each other more than " + MaxChain + " levels deep (" + Describe(cycle.Value.Chain) + ")")
                    : DiagnosticCatalog.InheritanceCycle.At(at, Describe(cycle.Value.Chain));

            var baseParsed = TryParse(basePath);
            if (baseParsed is null)
                return DiagnosticCatalog.BaseNotFound.At(at, scalar.Value!, "no spec file " + basePath + " (base specs are .tl.yaml files of the project, named relative to the spec that extends them)");
            if (depth >= MaxChain)
                return DiagnosticCatalog.TooDeep.At(at, "base specs extend each other more than " + MaxChain + " levels deep");

            if (!_composed.TryGetValue(basePath, out baseComposed))
            {
                baseComposed = Compose(basePath, baseParsed, isRoot: false, depth + 1);
                if ((baseComposed.Tree ?? baseComposed.Own) is { } tree)
                    baseComposed = baseComposed.WithDiagnostics(CheckAsBase(tree));
                _composed[basePath] = baseComposed;
            }

            var firstError = baseComposed.Diagnostics.FirstOrDefault(d => d.Severity == SpecSeverity.Error);
            if (firstError is null)
                return null;
            var count = baseComposed.Diagnostics.Count(d => d.Severity == SpecSeverity.Error);
            return DiagnosticCatalog.BaseHasErrors.At(
                at,
                scalar.Value!,
                count == 1 ? "1 error" : count + " errors",
                Describe(firstError, basePath));
        }

        // A base's own structural problems (unknown keys, wrong types), as a partial read finds them.
        // A tree that could not be merged still has its `extends` key: the reader accepts and skips it.
        private List<SpecDiagnostic> CheckAsBase(YamlNode tree)
        {
            var diagnostics = new List<SpecDiagnostic>();
            SpecReader.ReadTree(tree, diagnostics, _origins, partial: true);
            return diagnostics;
        }

        // Follows `extends` from `next`; a chain back to `start` is a cycle through the spec being composed.
        private (List<string> Chain, bool TooLong)? FindCycle(string start, string next, List<string> chain)
        {
            var seen = new HashSet<string>(chain, StringComparer.Ordinal);
            var current = next;
            while (true)
            {
                chain.Add(current);
                if (current == start)
                    return (chain, false);
                if (!seen.Add(current))
                    return null; // a cycle further on: the base that starts it reports it
                if (chain.Count > MaxChain + 1)
                    return (chain, true);
                var parsed = TryParse(current);
                var extends = parsed?.Root is { } root ? SpecMerger.ExtendsValue(root) as YamlScalarNode : null;
                if (extends?.Value is not { } relative || !SpecPaths.IsSpecPath(relative))
                    return null;
                current = SpecPaths.Resolve(current, relative);
            }
        }

        private Parsed? TryParse(string path)
        {
            if (_parsed.TryGetValue(path, out var parsed))
                return parsed;
            var text = _readFile(path);
            if (text is null)
                return null;
            return Parse(path, text);
        }

        private Parsed Parse(string? path, string text)
        {
            var diagnostics = new List<SpecDiagnostic>();
            var parsed = new Parsed(SpecReader.Parse(text, diagnostics), diagnostics);
            if (path is not null)
                _parsed[path] = parsed;
            return parsed;
        }

        // "base.tl.yaml(3,5): TLD0002: Unknown key ...": file names only, as the message is read beside the spec that extends it.
        private static string Describe(SpecDiagnostic diagnostic, string basePath) =>
            SpecPaths.FileName(diagnostic.Span.FilePath ?? basePath) + "(" + diagnostic.Span.StartLine + "," + diagnostic.Span.StartColumn + "): "
            + diagnostic.Id + ": " + diagnostic.Message;

        private static string Describe(List<string> chain) => string.Join(" -> ", chain.Select(SpecPaths.FileName));

        private static string Describe(YamlNode node) => node is YamlScalarNode { Value: { } value }
            ? "'" + (value.Length > 60 ? value.Substring(0, 60) + "..." : value) + "'"
            : node is YamlMappingNode ? "a mapping" : "a list";

        internal sealed class Parsed
        {
            public Parsed(YamlNode? root, List<SpecDiagnostic> diagnostics)
            {
                Root = root;
                Diagnostics = diagnostics;
            }

            /// <summary>Null when the text is no YAML document.</summary>
            public YamlNode? Root { get; }

            public List<SpecDiagnostic> Diagnostics { get; }
        }

        internal sealed class Composed
        {
            public Composed(YamlNode? own, YamlNode? tree, List<SpecDiagnostic> diagnostics, string? basePath)
            {
                Own = own;
                Tree = tree;
                Diagnostics = diagnostics;
                BasePath = basePath;
            }

            /// <summary>The file's own tree; null when the text is no YAML document.</summary>
            public YamlNode? Own { get; }

            /// <summary>The spec merged over its bases; null when it cannot be read or its base cannot be merged.</summary>
            public YamlNode? Tree { get; }

            public List<SpecDiagnostic> Diagnostics { get; }

            public string? BasePath { get; }

            public Composed WithDiagnostics(IEnumerable<SpecDiagnostic> more) => new Composed(Own, Tree, Diagnostics.Concat(more).ToList(), BasePath);
        }
    }
}
