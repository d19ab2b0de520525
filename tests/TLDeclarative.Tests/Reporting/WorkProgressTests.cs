using Spectre.Console;
using TLDeclarative.Reporting;

namespace TLDeclarative.Tests.Reporting;

public sealed class WorkProgressTests
{
    [Fact]
    public void Plain_text_writes_a_line_per_tenth_with_rate_and_eta_but_not_the_end()
    {
        var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new PlainTextProgress(output, timeProvider: clock);

        progress.WorkProgress("Decoding train", 0, 40);
        for (var done = 1; done <= 40; done++)
        {
            clock.Advance(TimeSpan.FromSeconds(0.5));
            progress.WorkProgress("Decoding train", done, 40);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        // 4 images in 2 s: 2.0 img/s; 36 left: 18 s.
        Assert.Equal("Decoding train: 4/40 (10%) - 2.0 img/s - ETA 0:18", lines[0]);
        Assert.Equal("Decoding train: 36/40 (90%) - 2.0 img/s - ETA 0:02", lines[^1]);
    }

    [Fact]
    public void Plain_text_ignores_counts_that_arrive_late_from_other_threads()
    {
        var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new PlainTextProgress(output, timeProvider: clock);

        progress.WorkProgress("Decoding train", 0, 10);
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.WorkProgress("Decoding train", 5, 10);
        progress.WorkProgress("Decoding train", 3, 10);
        progress.WorkProgress("Decoding train", 4, 10);

        Assert.Equal("Decoding train: 5/10 (50%) - 5.0 img/s - ETA 0:01\n", output.ToString());
    }

    [Fact]
    public void Plain_text_restarts_the_clock_for_a_new_task()
    {
        var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new PlainTextProgress(output, timeProvider: clock);

        progress.WorkProgress("Decoding train", 0, 10);
        clock.Advance(TimeSpan.FromSeconds(10));
        progress.WorkProgress("Decoding train", 10, 10);
        progress.WorkProgress("Evaluating test", 0, 4);
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.WorkProgress("Evaluating test", 2, 4);

        Assert.Equal("Evaluating test: 2/4 (50%) - 2.0 img/s - ETA 0:01\n", output.ToString());
    }

    [Fact]
    public void Console_shows_a_live_bar_and_erases_it_when_the_work_is_done()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 100;
        console.Profile.Capabilities.Unicode = false;
        var clock = new ManualClock();
        var progress = new ConsoleProgress(console, clock);

        progress.WorkProgress("Evaluating validation", 0, 100);
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.WorkProgress("Evaluating validation", 25, 100);
        Assert.EndsWith("Evaluating validation ##########------------------------------ 25/100 (25%) - 12.5 img/s - ETA 0:06", Plain(output.ToString()), StringComparison.Ordinal);

        progress.WorkProgress("Evaluating validation", 100, 100);
        Assert.EndsWith("\r\u001b[2K", output.ToString(), StringComparison.Ordinal);
    }

    // Drops colour codes (ESC [ ... m), keeps the text.
    private static string Plain(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");
}
