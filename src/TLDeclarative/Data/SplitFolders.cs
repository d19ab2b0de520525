namespace TLDeclarative.Data;

/// <summary>Prepares the split folders an exporter writes, refusing to mix new files with old ones.</summary>
internal static class SplitFolders
{
    /// <summary>Creates root/split/class for every split and class.</summary>
    /// <param name="overwrite">Deletes existing split folders first; otherwise their existence is an error.</param>
    public static void Prepare(string root, IReadOnlyList<string> splits, IReadOnlyList<string> classNames, bool overwrite)
    {
        foreach (var split in splits)
        {
            var folder = Path.Combine(root, split);
            if (Directory.Exists(folder))
            {
                if (!overwrite)
                {
                    throw new DataSetException(
                        $"'{folder}' already exists; choose an empty root or allow overwriting it.");
                }

                Directory.Delete(folder, recursive: true);
            }

            foreach (var className in classNames)
            {
                Directory.CreateDirectory(Path.Combine(folder, className));
            }
        }
    }

    /// <summary>Class names become folder names: keep them to one plain path segment.</summary>
    public static void CheckClassNames(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
        {
            throw new ArgumentException("At least one class is needed.", nameof(classNames));
        }

        foreach (var name in classNames)
        {
            if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.') || name.IndexOfAny(['/', '\\']) >= 0
                || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new ArgumentException($"Class name '{name}' cannot be used as a folder name.", nameof(classNames));
            }
        }

        if (classNames.Distinct(StringComparer.OrdinalIgnoreCase).Count() != classNames.Count)
        {
            throw new ArgumentException("Class names must differ (ignoring case).", nameof(classNames));
        }
    }
}
