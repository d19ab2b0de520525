using SkiaSharp;
using TLDeclarative.Data;

namespace TLDeclarative.Tests.Data;

public sealed class ListFileTests : IDisposable
{
    private static readonly string[] Classes = ["cat", "dog"];
    private readonly TempDirectory _temp = new();

    public ListFileTests()
    {
        foreach (var name in new[] { "img/c1.png", "img/c2.png", "img/d1.png", "img/with, comma.png" })
        {
            TestImages.WriteSolid(_temp.Combine(name.Split('/')), 4, 4, SKColors.Red);
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CsvRowsWithAHeaderAndQuotedCommasResolveAgainstTheListFolder()
    {
        var list = Write("train.csv", "path,label\nimg/d1.png,dog\n\"img/with, comma.png\",cat\nimg/c2.png,cat\n\nimg/c1.png,cat\n");

        var samples = ListFile.Read(list, Classes);

        Assert.Equal(
            [
                new ImageSample(_temp.Combine("img", "c1.png"), 0),
                new ImageSample(_temp.Combine("img", "c2.png"), 0),
                new ImageSample(_temp.Combine("img", "with, comma.png"), 0),
                new ImageSample(_temp.Combine("img", "d1.png"), 1),
            ],
            samples);
    }

    [Fact]
    public void TsvWithoutHeaderAndAbsolutePathsIsRead()
    {
        var list = Write("val.tsv", $"{_temp.Combine("img", "c1.png")}\tcat\nimg/d1.png\tdog\n");

        var samples = DataSource.Scan(list, Classes);

        Assert.Equal([0, 1], samples.Select(s => s.Label));
        Assert.Equal(_temp.Combine("img", "d1.png"), samples[1].Path);
    }

    [Fact]
    public void EveryBadRowIsReportedWithFileAndLine()
    {
        var list = Write("bad.csv", "file,class\nimg/c1.png,cat\nimg/c2.png,Dog\nimg/missing.png,dog\nimg/d1.png\nimg/c1.png,cat\n");

        var error = Assert.Throws<DataSetException>(() => ListFile.Read(list, Classes));

        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal($"List file '{list}' has 4 bad row(s):", lines[0]);
        Assert.Equal("line 3: label 'Dog' is not a declared class [cat, dog] (did you mean 'dog'? labels are case-sensitive)", lines[1]);
        Assert.Equal($"line 4: image file '{_temp.Combine("img", "missing.png")}' does not exist", lines[2]);
        Assert.Equal("line 5: expected 2 fields (path, label), found 1", lines[3]);
        Assert.Equal("line 6: 'img/c1.png' is already listed on line 2", lines[4]);
    }

    [Fact]
    public void LineNumbersCountLineBreaksInsideQuotedFields()
    {
        var list = Write("multi.csv", "\"img/c1.png\",\"c\nat\"\nimg/d1.png,bird\n");

        var error = Assert.Throws<DataSetException>(() => ListFile.Read(list, Classes));

        Assert.Contains("line 1: label 'c\nat' is not a declared class", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: label 'bird' is not a declared class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrEmptyListFilesAreErrors()
    {
        var missing = _temp.Combine("nope.csv");
        Assert.Equal($"List file '{missing}' does not exist.", Assert.Throws<DataSetException>(() => DataSource.Scan(missing, Classes)).Message);

        var empty = Write("empty.csv", "path,label\n");
        Assert.Equal(
            $"List file '{empty}' lists no images; expected rows of (path, label).",
            Assert.Throws<DataSetException>(() => ListFile.Read(empty, Classes)).Message);
    }

    [Theory]
    [InlineData("a.csv", true)]
    [InlineData("a.TSV", true)]
    [InlineData("data/train", false)]
    [InlineData("a.txt", false)]
    public void ListFilesAreRecognisedByExtension(string path, bool expected) => Assert.Equal(expected, ListFile.IsListFile(path));

    private string Write(string name, string text)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
