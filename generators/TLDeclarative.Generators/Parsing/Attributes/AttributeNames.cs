namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// The run time's declaration attributes, by name: the generator never references the run time,
/// it matches metadata names.
/// </summary>
internal static class AttributeNames
{
    public const string Namespace = "TLDeclarative.Declarations";

    /// <summary>The primary attribute: its presence makes a class an experiment.</summary>
    public const string TransferLearning = Namespace + ".TransferLearningAttribute";

    public const string TransferLearningShort = "TransferLearning";
    public const string Classes = "Classes";
    public const string Data = "Data";
    public const string Backbone = "Backbone";
    public const string Head = "Head";
    public const string DropoutLayer = "DropoutLayer";
    public const string DenseLayer = "DenseLayer";
    public const string Augmentation = "Augmentation";
    public const string Phase = "Phase";

    public static readonly string[] All =
        [TransferLearningShort, Classes, Data, Backbone, Head, DropoutLayer, DenseLayer, Augmentation, Phase];
}
