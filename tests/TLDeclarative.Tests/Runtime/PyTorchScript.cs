using System.Diagnostics;

namespace TLDeclarative.Tests.Runtime;

/// <summary>Runs a Python script with Debian's PyTorch (/usr/bin/python3); fails clearly when torch is missing.</summary>
internal static class PyTorchScript
{
    private const string Python = "/usr/bin/python3";

    public static void Run(string script, params string[] arguments)
    {
        var (code, output) = Start(["-c", "import torch, torchvision"]);
        Assert.True(code == 0,
            $"{Python} cannot import torch and torchvision ({output.Trim()}). Run `eng/install-prereqs.sh` (it installs python3-torch and python3-torchvision).");
        (code, output) = Start([script, .. arguments]);
        Assert.True(code == 0, $"{Python} {Path.GetFileName(script)} failed with exit code {code}:\n{output}");
    }

    private static (int Code, string Output) Start(string[] arguments)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
