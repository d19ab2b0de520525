namespace TLDeclarative.Generators;

/// <summary>Names of the tracked pipeline steps; tests assert on them to prove the generator is incremental.</summary>
internal static class TrackingNames
{
    /// <summary>Each <c>.tl.yaml</c> file's text and the base spec it names.</summary>
    public const string SpecTexts = nameof(SpecTexts);

    /// <summary>Each <c>.tl.yaml</c> file with the texts of its base specs: what reading it needs.</summary>
    public const string SpecInputs = nameof(SpecInputs);

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

    /// <summary>Each <c>[TransferLearning]</c> class read and validated (the attribute front end).</summary>
    public const string AttributeClasses = nameof(AttributeClasses);

    /// <summary>Experiment declarations of both front ends, for the project-wide duplicate check.</summary>
    public const string AllDeclarations = nameof(AllDeclarations);

    /// <summary>Each valid attribute experiment: what its generated part is made from.</summary>
    public const string AttributeExperiments = nameof(AttributeExperiments);

    /// <summary>Each attribute class's diagnostics.</summary>
    public const string AttributeDiagnostics = nameof(AttributeDiagnostics);
}
