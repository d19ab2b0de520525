using System.Diagnostics;

namespace TLDeclarative.IntegrationTests;

/// <summary>Runs the built CatsVsDogs example (same configuration as these tests) as a process.</summary>
internal static class ExampleApp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string DllPath
    {
        get
        {
            // tests/TLDeclarative.IntegrationTests/bin/<Configuration>/<tfm>/ -> examples/CatsVsDogs/bin/<Configuration>/<tfm>/
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "examples", "CatsVsDogs", "bin", configuration, framework, "CatsVsDogs.dll");
        }
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The example did not finish in {Timeout}:\n{await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
