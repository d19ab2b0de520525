using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace TLDeclarative.PackageTests;

/// <summary>
/// Packs TLDeclarative.Spec, TLDeclarative, TLDeclarative.Tool and TLDeclarative.Templates once per test run (NoBuild, from the
/// build output of the configuration these tests were built in) into a local folder feed, under a
/// version of their own — <c>0.1.0-test.&lt;time&gt;</c> — so a package left in NuGet's cache by an
/// earlier run can never stand in for this build's. Writes a nuget.config that adds the feed to the
/// sources this machine already has; consumer projects live in sub-folders of <see cref="Root"/>, a temp
/// folder outside the repository (so none of its Directory.Build.props apply). Removes its packages
/// from NuGet's cache when done.
/// </summary>
public sealed partial class PackageFeed : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    public string Root { get; } = Directory.CreateTempSubdirectory("tld-package-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"{BaseVersion()}-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>NuGet's global package folder, as the consumers' restores use it.</summary>
    public static string GlobalPackages => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
        ? packages
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- No <clear/>: the machine's own sources (nuget.org or its mirror) still serve TorchSharp & co. -->
                <add key="tldeclarative-test-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        var repository = RepositoryRoot();
        var projects = string.Join(";", new[] { "src/TLDeclarative.Spec/TLDeclarative.Spec.csproj", "src/TLDeclarative/TLDeclarative.csproj", "src/TLDeclarative.Tool/TLDeclarative.Tool.csproj", "templates/TLDeclarative.Templates/TLDeclarative.Templates.csproj" }
            .Select(p => Path.Combine(repository, p)));
        var properties = string.Join(";", [
            $"Configuration={Configuration()}",
            "NoBuild=true",
            "_IsPacking=true",
            $"PackageVersion={Version}",
            $"PackageOutputPath={Feed}/",
            $"NuspecOutputPath={Path.Combine(Root, "nuspec")}/",
        ]);
        var packProject = Path.Combine(Root, "pack.proj");
        File.WriteAllText(packProject, $"""
            <Project>
              <Target Name="PackAll">
                <MSBuild Projects="{projects}" Targets="Pack" Properties="{properties}" BuildInParallel="true" />
              </Target>
            </Project>
            """);

        var (exitCode, output) = await DotnetProcess.RunAsync(Root, PackTimeout, "msbuild", packProject, "-t:PackAll", "-nologo", "-nodeReuse:false", "-v:m");
        if (exitCode != 0)
            throw new InvalidOperationException($"Packing failed (exit code {exitCode}):\n{output}");
    }

    public Task DisposeAsync()
    {
        foreach (var id in new[] { "tldeclarative", "tldeclarative.spec", "tldeclarative.tool", "tldeclarative.templates" })
        {
            var folder = Path.Combine(GlobalPackages, id);
            TryDelete(Path.Combine(folder, Version.ToLowerInvariant()));
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                TryDelete(folder);
        }

        TryDelete(Root);
        return Task.CompletedTask;
    }

    /// <summary>Debug or Release: the configuration this test assembly was built in (bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    private static string Configuration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string BaseVersion()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        return VersionProperty().Match(props) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No <Version> in Directory.Build.props");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder or cache entry left behind is harmless: the next run uses another version.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionProperty();
}
