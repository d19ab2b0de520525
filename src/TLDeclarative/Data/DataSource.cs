namespace TLDeclarative.Data;

/// <summary>Lists a split's images from either kind of source: a class-per-folder tree or a list file.</summary>
public static class DataSource
{
    /// <summary>
    /// <see cref="ListFile.Read"/> when <paramref name="path"/> ends in .csv or .tsv, otherwise
    /// <see cref="ImageFolder.Scan"/>.
    /// </summary>
    public static IReadOnlyList<ImageSample> Scan(string path, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ListFile.IsListFile(path) ? ListFile.Read(path, classNames) : ImageFolder.Scan(path, classNames);
    }
}
