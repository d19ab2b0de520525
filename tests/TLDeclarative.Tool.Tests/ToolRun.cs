namespace TLDeclarative.Tool.Tests;

/// <summary>A temp folder to write specs into, and <c>tl</c> run in-process with its output captured.</summary>
public sealed class ToolRun : IDisposable
{
    public ToolRun() => Folder = Directory.CreateTempSubdirectory("tld-tool-").FullName;

    public string Folder { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under the folder; returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static (int ExitCode, string[] Output, string Error) Tl(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = TlCommand.Run(args, output, error);
        return (exitCode, Lines(output.ToString()), error.ToString());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
