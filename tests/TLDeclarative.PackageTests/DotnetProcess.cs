using System.Diagnostics;
using System.Text;

namespace TLDeclarative.PackageTests;

/// <summary>Runs the <c>dotnet</c> CLI (or another program) as a process, outside the test run's MSBuild environment.</summary>
internal static class DotnetProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunProgramAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, timeout, arguments);

    /// <summary>Any program (an installed tool's command), in the same clean environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunProgramAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // `dotnet test` runs inside MSBuild's environment; a nested build must not inherit its paths.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no MSBuild nodes left running after `dotnet run`
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}:\n{await stdout}");
        }

        return (process.ExitCode, new StringBuilder(await stdout).Append(await stderr).ToString());
    }
}
