using System;
using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing;

/// <summary>
/// What the spec validator cannot know: experiment names that the generated C# cannot use as its
/// class name. Reported as TLD0007 (invalid name) at the experiment key.
/// </summary>
internal static class ExperimentNameCheck
{
    /// <summary>Members of the generated class, and the run-time names its body refers to unqualified.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Label", "Definition", "BuildModel", "Run",
        "Experiment", "ExperimentDefinition", "DataSettings", "AugmentationSettings", "FillMode", "PhaseDefinition",
        "FreezePolicy", "BackboneCatalog", "TransferModel", "ClassifierOutput",
        "TLDeclarative", "TorchSharp", "torch", "nn", "optim",
    };

    public static IEnumerable<SpecDiagnostic> Check(SpecDocument document)
    {
        var name = document.Spec.Name;
        string? problem = null;
        if (Reserved.Contains(name))
            problem = "the generated class uses this name for something else; choose another";
        else if (name.All(c => c >= 'a' && c <= 'z'))
            problem = "C# reserves all-lowercase type names for future keywords (CS8981); start it with a capital letter";
        if (problem is not null)
            yield return DiagnosticCatalog.InvalidName.At(document.Locations.Of("experiment"), "Experiment name", name, problem);
    }
}
