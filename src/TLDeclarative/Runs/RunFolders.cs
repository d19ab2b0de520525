using System.Globalization;
using System.Text.RegularExpressions;
using TLDeclarative.Reporting;

namespace TLDeclarative.Runs;

/// <summary>
/// The <c>runs/</c> folder under an output folder: one folder per run, named
/// <c>yyyyMMdd-HHmmss-&lt;first 8 hex digits of the spec hash&gt;[-name]</c>, never reused, and a
/// <c>latest</c> file naming the newest (a file, not a symlink: symlinks are not portable).
/// </summary>
public static partial class RunFolders
{
    public const string FolderName = "runs";
    public const string LatestFileName = "latest";

    /// <summary>Characters of the spec hash in a run folder's name.</summary>
    public const int ShortHashLength = 8;

    public static string RunsFolder(string output) => Path.Combine(output, FolderName);

    /// <summary>
    /// Creates a new run folder and points <c>latest</c> at it. Two runs started in the same second get
    /// different folders: the name is claimed by creating <see cref="RunRecord.FileName"/> exclusively,
    /// and a taken name gets a counter (<c>-2</c>, <c>-3</c>, ...).
    /// </summary>
    /// <returns>The new folder's full path.</returns>
    public static string Create(string output, string specHash, string? runName, DateTimeOffset started)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(specHash);
        if (runName is not null && !ValidName().IsMatch(runName))
            throw new ArgumentException($"--run-name '{runName}': use letters, digits, '.', '_' and '-' only (it becomes part of a folder name).");
        var stem = string.Create(CultureInfo.InvariantCulture, $"{started.UtcDateTime:yyyyMMdd-HHmmss}-{specHash[..Math.Min(ShortHashLength, specHash.Length)]}")
            + (runName is null ? "" : "-" + runName);
        var runs = RunsFolder(output);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}");
            var folder = Path.GetFullPath(Path.Combine(runs, name));
            Directory.CreateDirectory(folder);
            try
            {
                // CreateNew fails when another process claimed this name first.
                using (new FileStream(Path.Combine(folder, RunRecord.FileName), FileMode.CreateNew, FileAccess.Write))
                {
                }

                AtomicFile.WriteAllBytes(Path.Combine(runs, LatestFileName), System.Text.Encoding.UTF8.GetBytes(name + "\n"));
                return folder;
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, RunRecord.FileName)))
            {
            }
        }
    }

    /// <summary>The run <c>latest</c> names; null when there is none.</summary>
    public static string? Latest(string output)
    {
        var pointer = Path.Combine(RunsFolder(output), LatestFileName);
        if (!File.Exists(pointer))
            return null;
        var name = File.ReadAllText(pointer).Trim();
        var folder = Path.Combine(RunsFolder(output), name);
        return name.Length > 0 && Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
    }

    /// <summary>
    /// The run to resume: the one named (a folder name under <c>runs/</c>, or a path), or the latest.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such run, or no run at all.</exception>
    public static string Find(string output, string? name)
    {
        if (name is null)
        {
            return Latest(output) ?? throw new DirectoryNotFoundException(
                $"Cannot resume: there is no run under '{RunsFolder(output)}' (no '{LatestFileName}' file). Start the run without --resume.");
        }

        foreach (var candidate in new[] { Path.Combine(RunsFolder(output), name), name })
        {
            if (File.Exists(Path.Combine(candidate, RunRecord.FileName)))
                return Path.GetFullPath(candidate);
        }

        var known = All(output).Select(Path.GetFileName).ToList();
        throw new DirectoryNotFoundException(
            $"Cannot resume: there is no run '{name}' under '{RunsFolder(output)}'"
            + (known.Count == 0 ? "." : $"; the runs are: {string.Join(", ", known.TakeLast(10))}."));
    }

    /// <summary>Every run folder under <paramref name="output"/>, oldest name first.</summary>
    public static IReadOnlyList<string> All(string output)
    {
        var runs = RunsFolder(output);
        if (!Directory.Exists(runs))
            return [];
        return Directory.GetDirectories(runs)
            .Where(d => File.Exists(Path.Combine(d, RunRecord.FileName)))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFullPath)
            .ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ValidName();
}
