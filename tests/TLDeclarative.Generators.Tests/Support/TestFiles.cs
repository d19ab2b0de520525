using System.Runtime.CompilerServices;

namespace TLDeclarative.Generators.Tests.Support;

/// <summary>Spec files used by the tests: those under Specs/ and the repository's example.</summary>
internal static class TestFiles
{
    public static string ProjectFolder([CallerFilePath] string supportFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(supportFile)!, ".."));

    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectFolder(), "..", ".."));

    public static string ExampleSpecPath => Path.Combine(RepositoryRoot, "examples", "CatsVsDogs", "cats-vs-dogs.tl.yaml");

    /// <summary>A spec by name: "cats-vs-dogs" is the example, others live in Specs/.</summary>
    public static (string Path, string Text) Spec(string name)
    {
        var path = name == "cats-vs-dogs" ? ExampleSpecPath : Path.Combine(ProjectFolder(), "Specs", name + ".tl.yaml");
        return (path, File.ReadAllText(path));
    }
}
