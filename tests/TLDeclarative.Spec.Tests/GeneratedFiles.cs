using System.Runtime.CompilerServices;

namespace TLDeclarative.Spec.Tests;

/// <summary>
/// Committed files written from code (the JSON Schema, the spec reference's key table), checked like
/// snapshots: on a mismatch the wanted text goes to a git-ignored <c>*.received.*</c> file beside the
/// committed one and the test fails; with <c>TLD_ACCEPT_SNAPSHOTS=1</c> the committed file is rewritten.
/// </summary>
internal static class GeneratedFiles
{
    public const string AcceptVariable = "TLD_ACCEPT_SNAPSHOTS";

    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    public static string PathOf(string relativePath) => Path.Combine(RepositoryRoot(), relativePath);

    /// <summary>Fails unless the committed file at <paramref name="relativePath"/> holds exactly <paramref name="expected"/>.</summary>
    public static void Verify(string relativePath, string expected)
    {
        var path = PathOf(relativePath);
        var received = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".received" + Path.GetExtension(path));
        var actual = File.Exists(path) ? File.ReadAllText(path) : null;
        if (actual == expected)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, expected);
        Assert.Fail($"{relativePath} is stale: wrote what it should hold to {received}. Review the difference, then rerun with {AcceptVariable}=1 to accept.");
    }
}
