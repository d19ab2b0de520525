using System.Collections.Generic;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Yaml;
using YamlDotNet.RepresentationModel;

namespace TLDeclarative.Spec.Inheritance
{
    /// <summary>What a spec text says it extends, without reading the rest: enough to know which files a spec depends on.</summary>
    public static class SpecExtends
    {
        /// <summary>The most base specs a chain of <c>extends</c> may have; a longer chain is an error (TLD0012).</summary>
        public const int MaxChain = 16;

        /// <summary>The <c>extends</c> value of a spec text, when it is a plain string; null otherwise (or when the text is no YAML). Never throws.</summary>
        public static string? ValueOf(string text)
        {
            var root = SpecReader.Parse(text, new List<SpecDiagnostic>());
            return root is null ? null : (SpecMerger.ExtendsValue(root) as YamlScalarNode)?.Value;
        }
    }
}
