namespace TLDeclarative.Data;

/// <summary>One image file and its label.</summary>
/// <param name="Path">Full path of the image file.</param>
/// <param name="Label">Index of its class in the declared class list.</param>
public readonly record struct ImageSample(string Path, int Label);
