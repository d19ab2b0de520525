using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private static readonly string[] CatsAndDogs = ["cats", "dogs"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ScanListsImagesByLabelThenPathAndSkipsOtherFiles()
    {
        Touch("cats/b.png", "cats/a.JPG", "cats/notes.txt", "cats/nested/c.webp", "dogs/z.jpeg", "dogs/y.Bmp", "dogs/x.gif", "readme.md");

        var samples = ImageFolder.Scan(_temp.Path, CatsAndDogs);

        var relative = samples.Select(s => (Path.GetRelativePath(_temp.Path, s.Path).Replace('\\', '/'), s.Label)).ToArray();
        Assert.Equal(
            [("cats/a.JPG", 0), ("cats/b.png", 0), ("cats/nested/c.webp", 0), ("dogs/x.gif", 1), ("dogs/y.Bmp", 1), ("dogs/z.jpeg", 1)],
            relative);
    }

    [Fact]
    public void LabelsFollowTheDeclaredOrderNotTheAlphabet()
    {
        Touch("cats/a.png", "dogs/b.png");

        var samples = ImageFolder.Scan(_temp.Path, ["dogs", "cats"]);

        Assert.Equal([("b.png", 0), ("a.png", 1)], samples.Select(s => (Path.GetFileName(s.Path), s.Label)).ToArray());
    }

    [Fact]
    public void MissingClassFolderIsNamedWithTheDeclaredClasses()
    {
        Touch("cats/a.png");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(_temp.Path, CatsAndDogs));

        Assert.Contains($"Data folder '{_temp.Path}' does not match the declared classes [cats, dogs]", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing class folder(s) 'dogs'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeclaredFolderIsNamed()
    {
        Touch("cats/a.png", "dogs/b.png", "birds/c.png", "zebras/d.png");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(_temp.Path, CatsAndDogs));

        Assert.Contains("undeclared folder(s) 'birds', 'zebras'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderDifferingOnlyInCaseGetsADidYouMean()
    {
        Touch("cats/a.png", "Dogs/b.png");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(_temp.Path, CatsAndDogs));

        Assert.Contains("missing class folder(s) 'dogs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("undeclared folder(s) 'Dogs' (did you mean 'dogs'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassFolderWithoutImagesIsNamed()
    {
        Touch("cats/a.png", "dogs/readme.txt");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(_temp.Path, CatsAndDogs));

        Assert.Contains($"Class folder(s) without images: '{Path.Combine(_temp.Path, "dogs")}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldersAreCheckedBeforeFiles()
    {
        // Both an empty class folder and an undeclared one: the folder mismatch is reported first.
        Directory.CreateDirectory(_temp.Combine("cats"));
        Touch("dogs/b.png", "birds/c.png");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(_temp.Path, CatsAndDogs));

        Assert.Contains("undeclared folder(s) 'birds'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRootIsNamed()
    {
        var root = _temp.Combine("nowhere", "train");

        var error = Assert.Throws<DataSetException>(() => ImageFolder.Scan(root, CatsAndDogs));

        Assert.Equal($"Data folder '{root}' does not exist (declared classes: [cats, dogs]).", error.Message);
    }

    [Fact]
    public void HiddenFoldersAndFilesAreIgnored()
    {
        Touch("cats/a.png", "cats/._a.png", "dogs/b.png", ".ipynb_checkpoints/c.png", "dogs/.cache/d.png");

        var samples = ImageFolder.Scan(_temp.Path, CatsAndDogs);

        Assert.Equal(["a.png", "b.png"], samples.Select(s => Path.GetFileName(s.Path)));
    }

    [Fact]
    public void DuplicateDeclaredClassIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ImageFolder.Scan(_temp.Path, ["cats", "cats"]));
    }

    private void Touch(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var path = _temp.Combine(relative.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
        }
    }
}
