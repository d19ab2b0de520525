using System.Runtime.CompilerServices;
using System.Text;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>
/// Snapshot files with Verify's conventions (Verify.Xunit itself is not served here):
/// <c>Snapshots/&lt;Name&gt;.verified.cs</c> is committed; a mismatch writes <c>&lt;Name&gt;.received.cs</c>
/// beside it (git-ignored) and fails. To accept, review the diff, then run the tests with
/// <c>TLD_ACCEPT_SNAPSHOTS=1</c>: received text is copied over the verified file.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TLD_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verifiedPath = Path.Combine(folder, name + ".verified.cs");
        var receivedPath = Path.Combine(folder, name + ".received.cs");
        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot yet: wrote {receivedPath}. Review it, then rerun with {AcceptVariable}=1 to accept."
            : $"Snapshot {name} differs; wrote {receivedPath}. First differences:\n{Diff(expected, actual)}\nRerun with {AcceptVariable}=1 to accept.");
    }

    /// <summary>The first few differing lines, as "- expected" / "+ actual" with line numbers.</summary>
    private static string Diff(string expected, string actual, int maxLines = 12)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var builder = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(left.Length, right.Length) && shown < maxLines; i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l == r)
                continue;
            if (l is not null)
                builder.Append("  ").Append(i + 1).Append(" - ").AppendLine(l);
            if (r is not null)
                builder.Append("  ").Append(i + 1).Append(" + ").AppendLine(r);
            shown++;
        }

        return builder.ToString();
    }
}
