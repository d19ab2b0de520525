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
    }
}
