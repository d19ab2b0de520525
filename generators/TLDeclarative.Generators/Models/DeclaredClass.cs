namespace TLDeclarative.Generators.Models;

/// <summary>
/// The user's own part of an experiment declared with attributes: the generated part goes in the
/// same namespace and repeats only the modifiers the user wrote (accessibility, <c>sealed</c>).
/// </summary>
/// <param name="Namespace">Null for the global namespace.</param>
/// <param name="Modifiers">"public sealed", "internal", ...: what precedes <c>partial class</c>.</param>
internal sealed record DeclaredClass(string? Namespace, string Modifiers);
