using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Inheritance;
using TLDeclarative.Spec.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>
    /// Reads a <c>.tl.yaml</c> experiment spec. Checks shape and types (unknown keys, missing keys,
    /// wrong types) and records every value's position; <see cref="Validation.SpecValidator"/>
    /// checks meaning. Never throws on bad input.
    /// </summary>
    public static class SpecReader
    {
        /// <summary>Larger specs are not experiments; the limit keeps hostile input cheap.</summary>
        public const int MaxLength = 256 * 1024;

        /// <summary>Deeper nesting is not an experiment; the limit keeps the YAML parser's recursion bounded.</summary>
        public const int MaxNesting = 64;

        private static readonly char[] LineBreaks = { '\r', '\n' };

        public static SpecReadResult Read(string text)
        {
            var diagnostics = new List<SpecDiagnostic>();
            var root = Parse(text, diagnostics);
            return root is null ? new SpecReadResult(null, diagnostics) : ReadTree(root, diagnostics, origins: null, partial: false);
        }

        /// <summary>The YAML tree of a spec text, or null after reporting why there is none (size, syntax, document count).</summary>
        internal static YamlNode? Parse(string text, List<SpecDiagnostic> diagnostics)
        {
            var tooLarge = CheckSize(text);
            if (tooLarge is not null)
            {
                diagnostics.Add(tooLarge);
                return null;
            }

            var parser = new Parser(new StringReader(text));
            try
            {
                var stream = new YamlStream();
                stream.Load(parser);
                if (stream.Documents.Count != 1)
                {
                    var message = stream.Documents.Count == 0 ? "the file holds no YAML document" : "the file holds more than one YAML document";
                    diagnostics.Add(DiagnosticCatalog.YamlSyntax.At(SourceSpan.Start, message));
                    return null;
                }

                return stream.Documents[0].RootNode;
            }
            catch (YamlException e)
            {
                var span = new SourceSpan((int)e.Start.Line, (int)e.Start.Column, (int)e.End.Line, (int)e.End.Column, (int)e.Start.Index, (int)e.End.Index);
                diagnostics.Add(DiagnosticCatalog.YamlSyntax.At(span, FirstLine(e.Message)));
                return null;
            }
#pragma warning disable CA1031 // The reader must never throw: any parser failure becomes a diagnostic.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Some malformed input makes YamlDotNet throw without a position: point just past
                // the last event it did parse, which is where the problem starts.
                var span = parser.Current is { } last
                    ? new SourceSpan((int)last.End.Line, (int)last.End.Column, (int)last.End.Line, (int)last.End.Column, (int)last.End.Index, (int)last.End.Index)
                    : SourceSpan.Start;
                diagnostics.Add(DiagnosticCatalog.YamlSyntax.At(span, "the YAML is malformed near here (" + FirstLine(e.Message) + ")"));
                return null;
            }
        }

        /// <summary>
        /// Reads a parsed (possibly merged) tree. <paramref name="origins"/> tells which file each node
        /// came from; <paramref name="partial"/> reads a base spec, which may lack required keys.
        /// </summary>
        internal static SpecReadResult ReadTree(YamlNode root, List<SpecDiagnostic> diagnostics, NodeOrigins? origins, bool partial)
        {
            var reader = new NodeReader(diagnostics, origins, partial);
            var spec = new ExperimentReader(reader).Read(root);
            var document = spec is null || partial || diagnostics.Any(d => d.Severity == SpecSeverity.Error)
                ? null
                : new SpecDocument(spec, reader.Locations);
            return new SpecReadResult(document, diagnostics);
        }

        private static SpecDiagnostic? CheckSize(string text)
        {
            if (text.Length > MaxLength)
                return DiagnosticCatalog.TooDeep.At(SourceSpan.Start, "it has " + text.Length + " characters; the limit is " + MaxLength);

            // Flow collections nest without indentation, so count brackets; block nesting costs indentation.
            var depth = 0;
            var line = 1;
            var column = 1;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '[' || c == '{')
                    depth++;
                else if ((c == ']' || c == '}') && depth > 0)
                    depth--;
                if (depth > MaxNesting)
                    return DiagnosticCatalog.TooDeep.At(new SourceSpan(line, column, line, column + 1, i, i + 1), "flow collections nest deeper than " + MaxNesting + " levels");
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            return null;
        }

        private static string FirstLine(string message)
        {
            var cut = message.IndexOfAny(LineBreaks);
            return cut < 0 ? message : message.Substring(0, cut);
        }
    }
}
