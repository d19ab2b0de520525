namespace TLDeclarative.Generators.Models;

/// <summary>One experiment and the namespace its class goes in: the input of a single generated file.</summary>
/// <param name="Namespace">Null for the global namespace.</param>
internal sealed record ExperimentSource(ExperimentModel Experiment, string? Namespace);
