namespace TLDeclarative.Generators;

/// <summary>Names of the tracked pipeline steps; tests assert on them to prove the generator is incremental.</summary>
internal static class TrackingNames
{
    /// <summary>Each <c>.tl.yaml</c> file read and validated.</summary>
    public const string SpecFiles = nameof(SpecFiles);

    /// <summary>The namespace generated classes go in.</summary>
    public const string Namespace = nameof(Namespace);

    /// <summary>Every valid experiment's name and place, for the project-wide duplicate check.</summary>
    public const string Declarations = nameof(Declarations);

    /// <summary>Each valid experiment with its namespace: what one generated file is made from.</summary>
    public const string Experiments = nameof(Experiments);

    /// <summary>Each file's diagnostics.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
