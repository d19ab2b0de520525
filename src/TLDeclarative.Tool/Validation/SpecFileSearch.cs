namespace TLDeclarative.Tool.Validation;

/// <summary>
/// Turns the command line's paths into spec files: a file is taken as it is (whatever its name), a
/// folder is searched for <c>*.tl.yaml</c> like a project build would see them — recursively, skipping
/// <c>bin/</c>, <c>obj/</c>, hidden folders and links to folders. Files come out in a stable order, once each.
/// </summary>
internal sealed record SpecFileSearch(IReadOnlyList<string> Files, IReadOnlyList<string> Problems)
{
    public const string Pattern = "*.tl.yaml";

    private static readonly EnumerationOptions Options = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
    };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj" };

    public static SpecFileSearch Find(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = false;
                foreach (var file in Search(path))
                {
                    found = true;
                    Add(file);
                }

                if (!found)
                    problems.Add($"no {Pattern} files in folder '{path}'");
            }
            else
            {
                problems.Add($"no such file or folder: '{path}'");
            }
        }

        return new SpecFileSearch(files, problems);

        void Add(string file)
        {
            if (seen.Add(Path.GetFullPath(file)))
                files.Add(file);
        }
    }

    private static IEnumerable<string> Search(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, Pattern, Options).Order(StringComparer.Ordinal))
            yield return file;
        foreach (var child in Directory.EnumerateDirectories(folder, "*", Options).Order(StringComparer.Ordinal))
        {
            if (SkippedFolders.Contains(Path.GetFileName(child)))
                continue;
            foreach (var file in Search(child))
                yield return file;
        }
    }
}
