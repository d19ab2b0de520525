namespace TLDeclarative.Generators.Models;

/// <summary>One <c>.tl.yaml</c> AdditionalFile as read: plain strings, so an unchanged file compares equal.</summary>
/// <param name="Path">The file's path, as the compiler gives it.</param>
/// <param name="Text">The file's text; null when it could not be read.</param>
/// <param name="Extends">The <c>extends</c> value it names, if any: which other file it needs.</param>
/// <param name="ReadError">Why the file could not be read (an internal error), if it could not.</param>
internal sealed record SpecFileText(string Path, string? Text, string? Extends, string? ReadError);
