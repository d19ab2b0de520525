using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace TLDeclarative.IntegrationTests;

/// <summary>
/// A throwaway project in a temp folder that uses the generator as the examples do: the repository's
/// Directory.Build.props (warnings as errors, nullable, analyzers), the analyzer ProjectReference,
/// the build props, and a ProjectReference to the run time. A class library, so a build does not
/// copy libtorch. Shared by the tests of one class; each test writes the spec files it needs.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    public const string RootNamespace = "Consumer";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public ConsumerProject()
    {
        Folder = Directory.CreateTempSubdirectory("tld-consumer-").FullName;
        File.WriteAllText(Path.Combine(Folder, "Consumer.csproj"), ProjectFile(RepositoryRoot()));
    }

    public string Folder { get; }

    /// <summary>Replaces every spec of the project with <paramref name="specs"/> (relative path, text).</summary>
    public void WriteSpecs(params (string RelativePath, string Text)[] specs)
    {
        foreach (var old in Directory.EnumerateFiles(Folder, "*.tl.yaml", SearchOption.AllDirectories).Where(p => !IsBuildOutput(p)))
            File.Delete(old);
        foreach (var (relativePath, text) in specs)
        {
            var path = Path.Combine(Folder, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }

    public void WriteSource(string relativePath, string code) => File.WriteAllText(Path.Combine(Folder, relativePath), code);

    /// <summary>Runs <c>dotnet build</c> on the project; returns its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> BuildAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No MSBuild nodes left behind. No -p: switches: they would reach the referenced projects too,
        // which then no longer match the builds of the repository's own projects.
        foreach (var argument in new[] { "build", "Consumer.csproj", "-nologo", "-nodeReuse:false" })
            start.ArgumentList.Add(argument);
        // `dotnet test` runs inside MSBuild's environment; a nested build must not inherit its paths.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build did not finish in {BuildTimeout}:\n{await stdout}");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>The generated file for an experiment, as the build wrote it (EmitCompilerGeneratedFiles).</summary>
    public string? GeneratedFile(string experiment) => Directory
        .EnumerateFiles(Path.Combine(Folder, "obj"), experiment + ".g.cs", SearchOption.AllDirectories)
        .FirstOrDefault();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    private bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(Folder, path);
        return relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string ProjectFile(string repository) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <Import Project="{repository}/Directory.Build.props" />
          <PropertyGroup>
            <TargetFramework>$(RuntimeTargetFramework)</TargetFramework>
            <RootNamespace>{RootNamespace}</RootNamespace>
            <!-- Stricter than the examples: generated public members must be documented (CS1591). -->
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            <!-- Keep the generated file for the assertions; compile without the shared compiler server,
                 which could still hold an older build of the generator. -->
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            <UseSharedCompilation>false</UseSharedCompilation>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repository}/src/TLDeclarative/TLDeclarative.csproj" />
            <ProjectReference Include="{repository}/generators/TLDeclarative.Generators/TLDeclarative.Generators.csproj"
                              OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <Import Project="{repository}/generators/TLDeclarative.Generators/build/TLDeclarative.Generators.props" />
        </Project>
        """;
}
