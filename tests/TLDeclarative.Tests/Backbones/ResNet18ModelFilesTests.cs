using TLDeclarative.Backbones;

namespace TLDeclarative.Tests.Backbones;

public sealed class ResNet18ModelFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tld-resnet18-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root.FullName, relative)).FullName;

    private static void CreateLayout(string dnnImageModels)
    {
        Directory.CreateDirectory(Path.Combine(dnnImageModels, "ResNet18Onnx"));
        Directory.CreateDirectory(Path.Combine(dnnImageModels, "ResNetPrepOnnx"));
        File.WriteAllText(Path.Combine(dnnImageModels, "ResNet18Onnx", "ResNet18.onnx"), "");
        File.WriteAllText(Path.Combine(dnnImageModels, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), "");
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_variable_may_name_a_folder_holding_both_files()
    {
        var folder = Folder("flat");
        File.WriteAllText(Path.Combine(folder, "ResNet18.onnx"), "");
        File.WriteAllText(Path.Combine(folder, "ResNetPreprocess.onnx"), "");

        var files = ResNet18ModelFiles.Locate(Environment(("TLD_RESNET18_DIR", folder)), Folder("app"), Folder("home"));

        Assert.Equal(Path.Combine(folder, "ResNet18.onnx"), files.ModelPath);
        Assert.Equal(Path.Combine(folder, "ResNetPreprocess.onnx"), files.PreprocessPath);
    }

    [Fact]
    public void The_variable_may_name_the_package_layout()
    {
        var folder = Folder("tools");
        CreateLayout(Path.Combine(folder, "DnnImageModels"));

        var files = ResNet18ModelFiles.Locate(Environment(("TLD_RESNET18_DIR", folder)), Folder("app"), Folder("home"));

        Assert.Equal(Path.Combine(folder, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"), files.ModelPath);
    }

    [Fact]
    public void Without_the_variable_the_application_folder_comes_before_the_NuGet_caches()
    {
        var app = Folder("app");
        CreateLayout(Path.Combine(app, "DnnImageModels"));
        var packages = Folder("packages");
        CreateLayout(Path.Combine(packages, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels"));

        Assert.StartsWith(app, ResNet18ModelFiles.Locate(Environment(("NUGET_PACKAGES", packages)), app, Folder("home")).ModelPath, StringComparison.Ordinal);
        Assert.StartsWith(packages, ResNet18ModelFiles.Locate(Environment(("NUGET_PACKAGES", packages)), Folder("bare"), Folder("home")).ModelPath, StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_NuGet_cache_is_found()
    {
        var home = Folder("home");
        CreateLayout(Path.Combine(home, ".nuget", "packages", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels"));

        var files = ResNet18ModelFiles.Locate(Environment(), Folder("app"), home);

        Assert.StartsWith(home, files.ModelPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_found_lists_every_path_tried_and_the_fix()
    {
        var app = Folder("app");
        var packages = Folder("packages");
        var home = Folder("home");

        var error = Assert.Throws<FileNotFoundException>(() => ResNet18ModelFiles.Locate(Environment(("NUGET_PACKAGES", packages)), app, home));

        Assert.Contains(Path.Combine(app, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(packages, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(home, ".nuget", "packages"), error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", error.Message, StringComparison.Ordinal);
        Assert.Contains("TLD_RESNET18_DIR", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_variable_is_not_silently_ignored()
    {
        var home = Folder("home");
        CreateLayout(Path.Combine(home, ".nuget", "packages", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels"));
        var wrong = Folder("wrong");

        var error = Assert.Throws<FileNotFoundException>(() => ResNet18ModelFiles.Locate(Environment(("TLD_RESNET18_DIR", wrong)), Folder("app"), home));

        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(home, ".nuget"), error.Message, StringComparison.Ordinal);
    }
}
