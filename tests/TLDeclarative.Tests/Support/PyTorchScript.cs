using System.Diagnostics;

namespace TLDeclarative.Tests.Support;

/// <summary>Runs a Python script with Debian's PyTorch (/usr/bin/python3); fails with the install command when torch is missing.</summary>
internal static class PyTorchScript
{
    private const string Python = "/usr/bin/python3";
    private const string Install = "eng/install-prereqs.sh (Debian packages python3-torch and python3-torchvision)";

    public static void Run(string script, string workingDirectory)
    {
        if (!File.Exists(Python))
            Assert.Fail($"{Python} is missing: run {Install}.");
        var start = new ProcessStartInfo(Python) { WorkingDirectory = workingDirectory, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var stderr = errors.Result;
        if (stderr.Contains("No module named 'torch", StringComparison.Ordinal))
            Assert.Fail($"{Python} has no PyTorch: run {Install}.");
        Assert.True(process.ExitCode == 0, $"The PyTorch script failed ({process.ExitCode}): {stderr}");
    }
}
