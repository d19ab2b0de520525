using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Validation;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec
{
    /// <summary>Read + validate in one call: what the generator, the CLI and the run time all do with a spec file's text.</summary>
    public static class SpecLoader
    {
        public static SpecReadResult Load(string yamlText)
        {
            var read = SpecReader.Read(yamlText);
            if (read.Document is null)
                return read;
            var all = read.Diagnostics.Concat(SpecValidator.Validate(read.Document)).ToList();
            var document = all.Any(d => d.Severity == SpecSeverity.Error) ? null : read.Document;
            return new SpecReadResult(document, all);
        }
    }
}
