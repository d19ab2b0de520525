using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Models;

/// <summary>The outcome of reading one <c>.tl.yaml</c> file: a model when it is valid, and every diagnostic found.</summary>
internal sealed record SpecFileResult(ExperimentModel? Experiment, EquatableArray<DiagnosticInfo> Diagnostics);
