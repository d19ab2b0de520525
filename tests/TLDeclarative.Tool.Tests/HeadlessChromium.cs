using System.Diagnostics;

namespace TLDeclarative.Tool.Tests;

/// <summary>Debian's chromium, headless: the rendered DOM of a page, and a screenshot.</summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static string DumpDom(string page) => Run("--dump-dom", new Uri(page).AbsoluteUri);

    public static void Screenshot(string page, string png, int width, int height) =>
        Run($"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(page).AbsoluteUri);

    private static string Run(params string[] arguments)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: these tests render pages in a real browser. Install it with eng/install-prereqs.sh (Debian package 'chromium').");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Root in a container needs --no-sandbox; a temporary profile keeps runs independent.
        var profile = Directory.CreateTempSubdirectory("tld-chromium-").FullName;
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=5000" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        try
        {
            using var chromium = Process.Start(start)!;
            var output = chromium.StandardOutput.ReadToEndAsync();
            var errors = chromium.StandardError.ReadToEndAsync();
            if (!chromium.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                chromium.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish in 90 s: {errors.Result}");
            }

            Assert.True(chromium.ExitCode == 0, $"chromium exited with {chromium.ExitCode}: {errors.Result}");
            return output.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
