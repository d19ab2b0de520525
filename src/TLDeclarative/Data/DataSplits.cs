namespace TLDeclarative.Data;

/// <summary>Folder names of the splits inside a data set root, as the exporters write them.</summary>
public static class DataSplits
{
    public const string Train = "train";
    public const string Validation = "validation";
    public const string Test = "test";
}
