using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Spec.Yaml
{
    /// <summary>The outcome of reading a spec: a document when its shape and types are right, and every problem found.</summary>
    public sealed record SpecReadResult(SpecDocument? Document, IReadOnlyList<SpecDiagnostic> Diagnostics)
    {
        public bool HasErrors => Diagnostics.Any(d => d.Severity == SpecSeverity.Error);

        /// <summary>The spec has no <c>experiment</c> key of its own: a base spec, only meant to be extended.</summary>
        public bool IsBase { get; init; }

        /// <summary>The base specs merged into this one (normalized paths), nearest first; empty without <c>extends</c>.</summary>
        public IReadOnlyList<string> BaseFiles { get; init; } = System.Array.Empty<string>();

        /// <summary>For a valid spec with bases: the merged spec as one YAML text (what a model bundle carries). Null otherwise.</summary>
        public string? MergedText { get; init; }
    }
}
