using System.Diagnostics;

namespace TLDeclarative.PipelineBench;

/// <summary>
/// Wall-clock and CPU seconds of one piece of work. On a shared machine (other processes competing for
/// the cores) wall time mostly measures the competition; the process's CPU time measures our work.
/// </summary>
internal readonly record struct Cost(double Wall, double Cpu)
{
    public static Cost operator -(Cost a, Cost b) => new(a.Wall - b.Wall, a.Cpu - b.Cpu);
}

internal static class Meter
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static Cost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new Cost(Clock.Elapsed.TotalSeconds, process.TotalProcessorTime.TotalSeconds);
    }

    public static Cost Measure(Action work)
    {
        var start = Now();
        work();
        return Now() - start;
    }
}
