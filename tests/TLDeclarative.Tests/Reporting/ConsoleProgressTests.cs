using Spectre.Console;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void LiveDisplayRedrawsInPlaceAndLeavesOneSummaryLinePerEpoch()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        var clock = new ManualClock();

        PlainTextProgressTests.Train(new ConsoleProgress(console, clock), SampleHistories.Small(), 20, clock);

        var text = output.ToString();
        Assert.Contains("\r\u001b[2K", text, StringComparison.Ordinal);
        // What remains on screen: each live line is erased before the next line is printed.
        var screen = Screen(text);
        Assert.Equal(5, screen.Count);
        Assert.Equal(3, screen.Count(l => l.Contains(" - lr: ", StringComparison.Ordinal)));
        Assert.Contains(
            "[fine_tuning] epoch 3/3 - loss: 0.2500 - accuracy: 0.8750 - val_loss: 0.3000 - val_accuracy: 0.9000 - lr: 1E-05 - 20.5s - 12.5 img/s",
            screen);
    }

    [Fact]
    public void LiveLineFitsAnEightyColumnTerminalByShorteningThePhaseName()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 80;
        console.Profile.Capabilities.Unicode = true;
        var clock = new ManualClock();
        var progress = new ConsoleProgress(console, clock);

        progress.PhaseStarted("feature_extraction", 1, 10, 63);
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.BatchCompleted(7, 0.69, 0.51, 224);

        // 224 images in 2 s: 112 img/s; 56 batches left at 2/7 s each: 16 s.
        Assert.Equal(
            "[feature…] epoch 1/10 ━━━━━━━━━━ 7/63 loss 0.6900 acc 0.5100 112 img/s ETA 0:16",
            Screen(output.ToString())[^1]);
    }

    /// <summary>The lines a terminal would show: applies "\r ESC[2K" (erase line) and drops style codes.</summary>
    private static List<string> Screen(string raw)
    {
        var withoutStyles = System.Text.RegularExpressions.Regex.Replace(raw, "\u001b\\[[0-9;]*m", "");
        var lines = new List<string>();
        foreach (var line in withoutStyles.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var cleared = line.LastIndexOf("\r\u001b[2K", StringComparison.Ordinal);
            var visible = cleared < 0 ? line : line[(cleared + 5)..];
            if (visible.Length > 0)
            {
                lines.Add(visible);
            }
        }

        return lines;
    }
}
