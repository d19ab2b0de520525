using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Validation;
using TLDeclarative.Spec.Yaml;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec
{
    /// <summary>Read + validate in one call: what the generator, the CLI and the run time all do with a spec file's text.</summary>
    public static class SpecLoader
    {
        private static readonly Func<string, string?> NoFiles = _ => null;

        /// <summary>
        /// A spec text on its own. A spec that <c>extends</c> a base needs its path and a way to read
        /// files: use <see cref="Load(string?, string, Func{string, string?})"/>.
        /// </summary>
        public static SpecReadResult Load(string yamlText) => Load(null, yamlText, NoFiles);

        /// <summary>
        /// The spec at <paramref name="specPath"/>, with text <paramref name="yamlText"/>, merged over the
        /// base specs it <c>extends</c> (paths relative to the spec's own), then validated.
        /// </summary>
        /// <param name="specPath">The spec file's path; <c>extends</c> values resolve against its folder. Null if unknown.</param>
        /// <param name="yamlText">The spec file's text.</param>
        /// <param name="readFile">
        /// The text of another file by its (normalized, see <see cref="SpecPaths"/>) path, or null when
        /// there is no such file. The generator serves the project's <c>.tl.yaml</c> AdditionalFiles;
        /// <see cref="LoadFile"/> reads the disk.
        /// </param>
        /// <remarks>
        /// Diagnostics about values written in a base spec carry that file in <see cref="SourceSpan.FilePath"/>.
        /// A spec whose own mapping has no <c>experiment</c> key is a base spec: it is checked for
        /// unknown keys and wrong types only, yields no document, and gets an info diagnostic (TLD0016).
        /// </remarks>
        public static SpecReadResult Load(string? specPath, string yamlText, Func<string, string?> readFile)
        {
            var composer = new SpecComposer(readFile);
            var composed = composer.ComposeRoot(specPath is null ? null : SpecPaths.Normalize(specPath), yamlText);
            var diagnostics = new List<SpecDiagnostic>(composed.Diagnostics);
            if (composed.Own is null)
                return new SpecReadResult(null, diagnostics);

            var isBase = IsBase(composed.Own);
            if (isBase)
                diagnostics.Insert(0, DiagnosticCatalog.BaseSpec.At(SourceSpan.Start, specPath is null ? "This spec" : SpecPaths.FileName(specPath)));

            // A spec whose base cannot be merged is checked on its own, like a base: its missing keys may be in the base.
            var tree = composed.Tree ?? composed.Own;
            var partial = isBase || composed.Tree is null;
            var read = SpecReader.ReadTree(tree, diagnostics, composer.Origins, partial);
            var all = read.Document is null ? diagnostics : diagnostics.Concat(SpecValidator.Validate(read.Document)).ToList();
            if (specPath is not null)
                all = all.Select(d => InBase(d, specPath)).ToList();

            var document = all.Any(d => d.Severity == SpecSeverity.Error) ? null : read.Document;
            var bases = composed.Tree is null ? new List<string>() : composer.BaseFiles;
            return new SpecReadResult(document, all)
            {
                IsBase = isBase,
                BaseFiles = bases,
                MergedText = document is not null && bases.Count > 0 ? MergedText(tree, specPath!, bases) : null,
            };
        }

        /// <summary>The spec file at <paramref name="specPath"/>, its base specs read from the disk.</summary>
        public static SpecReadResult LoadFile(string specPath) => Load(specPath, File.ReadAllText(specPath), ReadIfExists);

        /// <summary>A spec file is a base spec when its own top-level mapping has no <c>experiment</c> key.</summary>
        internal static bool IsBase(YamlNode root) =>
            root is YamlMappingNode mapping && SpecMerger.ValueOf(mapping, "experiment") is null;

        private static SpecDiagnostic InBase(SpecDiagnostic diagnostic, string specPath) =>
            diagnostic.Span.FilePath is null
                ? diagnostic
                : diagnostic with { Message = diagnostic.Message + " (in the spec merged into " + SpecPaths.FileName(specPath) + ")" };

        // The merged spec as one YAML text, so a model bundle is self-contained: comments are lost, values are not.
        private static string? MergedText(YamlNode tree, string specPath, IReadOnlyList<string> bases)
        {
            try
            {
                using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
                writer.Write("# " + SpecPaths.FileName(specPath) + " merged with its base specs: "
                    + string.Join(", ", bases.Select(SpecPaths.FileName)) + "\n");
                // No anchors: YamlDotNet would anchor every repeated value. A valid spec holds no structure
                // that aliases could blow up (every key is known and every value small).
                new YamlStream(new YamlDocument(tree)).Save(writer, assignAnchors: false);
                var text = writer.ToString();
                return text.EndsWith("...\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 4) : text;
            }
#pragma warning disable CA1031 // Best effort: without a merged text the generator keeps the spec's own.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        private static string? ReadIfExists(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
