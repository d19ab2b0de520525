using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Models;

/// <summary>
/// What the emitter needs from one valid spec file. Value equality throughout: an unchanged spec
/// compares equal, so its generated code is not produced again.
/// </summary>
/// <param name="SpecPath">The spec file's path, for diagnostics found after reading.</param>
/// <param name="SpecText">The whole YAML text (for attributes, the canonical YAML they describe); the generated class carries it.</param>
/// <param name="NameSpan">Where the experiment name is written.</param>
internal sealed record ExperimentModel(string SpecPath, string SpecText, ExperimentSpec Spec, SourceSpan NameSpan)
{
    /// <summary>File name only: generated code holds no machine paths. Spec paths may use either separator.</summary>
    public string SpecFileName => SpecPath.Substring(SpecPath.LastIndexOfAny(['/', '\\']) + 1);

    /// <summary>For an experiment declared with attributes, the user's class; null for a YAML spec (the generated class is the whole class).</summary>
    public DeclaredClass? DeclaredClass { get; init; }

    /// <summary>What precedes <c>partial class</c> in the generated part.</summary>
    public string ClassModifiers => DeclaredClass?.Modifiers ?? "public sealed";
}
