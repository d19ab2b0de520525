namespace TLDeclarative.Data;

/// <summary>
/// Reads a split folder laid out as one sub-folder per class (e.g. train/cats, train/dogs), the layout of
/// Keras' image_dataset_from_directory.
/// </summary>
/// <remarks>
/// Class folder names must equal the declared class names exactly, case included: labels then mean the
/// same thing on case-insensitive (Windows, macOS) and case-sensitive (Linux) file systems, and a folder
/// that differs only in case is reported with a "did you mean" hint instead of being guessed.
/// Folders and files whose names start with '.' (.git, .ipynb_checkpoints, macOS' ._photo.jpg) are ignored;
/// files directly in the split folder are ignored; images in nested folders below a class folder belong
/// to that class.
/// </remarks>
public static class ImageFolder
{
    /// <summary>File extensions read as images (compared case-insensitively).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>Whether <paramref name="path"/> has one of the <see cref="ImageExtensions"/>.</summary>
    public static bool IsImageFile(string path)
    {
        var extension = Path.GetExtension(path);
        return ImageExtensions.Any(e => string.Equals(e, extension, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Lists the images under <paramref name="root"/>, ordered by label, then by path (ordinal), so the
    /// order never depends on the file system.
    /// </summary>
    /// <param name="root">The split folder, e.g. data/train.</param>
    /// <param name="classNames">Declared classes in label order.</param>
    /// <exception cref="DataSetException">
    /// The root is missing, its class folders differ from <paramref name="classNames"/>, or a class folder
    /// holds no images. Folders are checked before any file is listed.
    /// </exception>
    public static IReadOnlyList<ImageSample> Scan(string root, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(classNames);
        CheckDeclaredClasses(classNames);

        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DataSetException(
                $"Data folder '{fullRoot}' does not exist (declared classes: {Describe(classNames)}).");
        }

        CheckClassFolders(fullRoot, classNames);

        var samples = new List<ImageSample>();
        var emptyClasses = new List<string>();
        for (var label = 0; label < classNames.Count; label++)
        {
            var classFolder = Path.Combine(fullRoot, classNames[label]);
            var files = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(IsImageFile)
                .Where(f => !IsHidden(classFolder, f))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                emptyClasses.Add(classFolder);
            }

            samples.AddRange(files.Select(f => new ImageSample(f, label)));
        }

        if (emptyClasses.Count > 0)
        {
            throw new DataSetException(
                $"Class folder(s) without images: {string.Join(", ", emptyClasses.Select(Quote))} " +
                $"(image files end in {string.Join(" ", ImageExtensions)}).");
        }

        return samples;
    }

    private static void CheckDeclaredClasses(IReadOnlyList<string> classNames)
    {
        if (classNames.Count == 0)
        {
            throw new ArgumentException("At least one class must be declared.", nameof(classNames));
        }

        var duplicate = classNames.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Class '{duplicate.Key}' is declared twice.", nameof(classNames));
        }
    }

    private static void CheckClassFolders(string root, IReadOnlyList<string> classNames)
    {
        var folders = Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .ToHashSet(StringComparer.Ordinal);
        var missing = classNames.Where(c => !folders.Contains(c)).ToList();
        var extra = folders.Where(f => !classNames.Contains(f, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"missing class folder(s) {string.Join(", ", missing.Select(Quote))}");
        }

        if (extra.Count > 0)
        {
            problems.Add($"undeclared folder(s) {string.Join(", ", extra.Select(f => Quote(f) + DidYouMean(f, missing)))}");
        }

        throw new DataSetException(
            $"Data folder '{root}' does not match the declared classes {Describe(classNames)}: {string.Join("; ", problems)}. " +
            "Each declared class needs exactly one sub-folder with the same name (case-sensitive), and no other sub-folders.");
    }

    private static string DidYouMean(string folder, IReadOnlyList<string> missing)
    {
        var match = missing.FirstOrDefault(c => string.Equals(c, folder, StringComparison.OrdinalIgnoreCase));
        return match is null ? string.Empty : $" (did you mean '{match}'? names are case-sensitive)";
    }

    private static bool IsHidden(string classFolder, string file) =>
        Path.GetRelativePath(classFolder, file).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

    private static string Describe(IReadOnlyList<string> classNames) => $"[{string.Join(", ", classNames)}]";

    private static string Quote(string text) => $"'{text}'";
}
