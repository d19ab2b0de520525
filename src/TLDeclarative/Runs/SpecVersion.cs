using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace TLDeclarative.Runs;

/// <summary>
/// Which version of the spec a run used: the git commit of the repository holding the spec file and
/// whether the file differed from it. Read with the git CLI; without git, or outside a repository,
/// every field is null and the run goes on.
/// </summary>
/// <param name="SpecPath">The spec file found on disk; null when it was not found.</param>
/// <param name="Commit">HEAD of the spec's repository (full hex); null without git or a repository.</param>
/// <param name="CommitTime">HEAD's committer time, to order runs by spec version.</param>
/// <param name="Uncommitted">True when the spec file had changes not in <paramref name="Commit"/> (or is untracked).</param>
public sealed record SpecVersion(string? SpecPath, string? Commit, DateTimeOffset? CommitTime, bool? Uncommitted)
{
    /// <summary>How a run list shows it: the short commit, "uncommitted", or "unknown".</summary>
    public string Label => Uncommitted == true ? "uncommitted" : Commit is null ? "unknown" : Commit[..Math.Min(8, Commit.Length)];

    /// <summary>
    /// Looks for <paramref name="specFileName"/> in the working directory, then in the folders above the
    /// application (a generated experiment runs from its project's bin/ folder, below the spec).
    /// </summary>
    public static SpecVersion Capture(string specFileName)
    {
        var path = Locate(specFileName);
        var folder = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(path)!;
        var commit = Git(folder, "rev-parse", "HEAD");
        if (commit is null)
            return new SpecVersion(path, null, null, null);
        var time = Git(folder, "log", "-1", "--format=%cI") is { } iso && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : (DateTimeOffset?)null;
        bool? uncommitted = path is null ? null : Git(folder, "status", "--porcelain", "--", Path.GetFileName(path)) is { } status ? status.Length > 0 : null;
        return new SpecVersion(path, commit, time, uncommitted);
    }

    private static string? Locate(string specFileName)
    {
        var here = Path.Combine(Directory.GetCurrentDirectory(), specFileName);
        if (File.Exists(here))
            return Path.GetFullPath(here);
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, specFileName);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <returns>git's trimmed output, or null when git is missing, fails or takes over 10 s.</returns>
    private static string? Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(folder);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                git.Kill();
                return null;
            }

            return git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
