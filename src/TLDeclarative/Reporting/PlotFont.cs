using SkiaSharp;

namespace TLDeclarative.Reporting;

/// <summary>
/// Chooses the font family for plots. The Linux Skia build we use (NativeAssets.Linux.NoDependencies)
/// has no fontconfig: it only scans /usr/share/fonts, and ScottPlot's own default there is a serif.
/// So: prefer a common sans family Skia can see; else register the first .ttf found in the other usual
/// font folders; else return null and plots render without text rather than failing.
/// </summary>
internal static class PlotFont
{
    private static readonly string[] PreferredFamilies =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI", "Open Sans"];

    // Files named like these are variants; the regular face reads best for every label.
    private static readonly string[] StyleWords = ["Bold", "Italic", "Oblique", "Light", "Condensed", "Mono"];

    private static readonly Lazy<string?> Family = new(Resolve);

    /// <summary>A family name ScottPlot can draw with, or null when the machine has no usable font.</summary>
    public static string? Sans => Family.Value;

    private static string? Resolve()
    {
        var installed = SKFontManager.Default.FontFamilies
            .Where(f => !string.IsNullOrEmpty(f))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var preferred = PreferredFamilies.FirstOrDefault(installed.Contains);
        if (preferred is not null)
        {
            return preferred;
        }

        if (installed.Count > 0)
        {
            return installed.Order(StringComparer.Ordinal).First();
        }

        return RegisterFallbackFile();
    }

    private static string? RegisterFallbackFile()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] folders = ["/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts")];
        var file = folders
            .Where(Directory.Exists)
            .SelectMany(f => SafeEnumerate(f))
            .OrderByDescending(f => Path.GetFileName(f).Contains("Sans", StringComparison.OrdinalIgnoreCase))
            .ThenBy(f => StyleWords.Any(w => Path.GetFileName(f).Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(f => Path.GetFileName(f).Length)
            .ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
        if (file is null)
        {
            return null;
        }

        // A private name, so ScottPlot's resolver maps exactly this file.
        const string name = "TLDeclarative Plot Font";
        ScottPlot.Fonts.AddFontFile(name, file);
        return name;
    }

    private static List<string> SafeEnumerate(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*.ttf", SearchOption.AllDirectories).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
