namespace TLDeclarative.Data;

/// <summary>What an exporter wrote: root/split/class/*.png.</summary>
/// <param name="Root">Full path of the data set root.</param>
/// <param name="ClassNames">Class folders, in the order given to the exporter.</param>
/// <param name="ImagesPerSplit">Number of files written per split folder name (train, validation, test).</param>
public sealed record ExportedDataSet(string Root, IReadOnlyList<string> ClassNames, IReadOnlyDictionary<string, int> ImagesPerSplit)
{
    /// <summary>Full path of one split folder, e.g. Split("train").</summary>
    public string Split(string name) => Path.Combine(Root, name);
}
