using System.Diagnostics;
using System.Globalization;
using TLDeclarative.ConvolutionBench;
using TLDeclarative.Runtime;
using static TorchSharp.torch;

// Parent: `--rounds 3 --steps 3` runs every (network, contender) in a child process per round, rotating the
// contenders' order each round, and prints medians and ratios. Child: `--worker NETWORK --steps N` times N
// training steps (after one warm-up step) and prints "seconds-per-step wall cpu" and the guard's summary.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = args.Select((a, i) => (a, i)).Where(p => p.i % 2 == 0).ToDictionary(p => p.a, p => args[p.i + 1]);
var steps = int.Parse(options.GetValueOrDefault("--steps", "3"), CultureInfo.InvariantCulture);
if (options.TryGetValue("--worker", out var networkName))
{
    Worker.Run(networkName, steps);
    return;
}

var rounds = int.Parse(options.GetValueOrDefault("--rounds", "3"), CultureInfo.InvariantCulture);
(string Name, string Mode)[] contenders = [("today (no fix)", "off"), ("ISA cap (AVX2)", "cap"), ("channel padding (auto)", "auto")];
var samples = new Dictionary<(string Network, string Mode), List<(double Wall, double Cpu)>>();
Console.WriteLine($"Convolution guard benchmark: {rounds} rounds x {steps} training steps, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
for (var round = 0; round < rounds; round++)
{
    foreach (var network in Networks.Names)
    {
        for (var k = 0; k < contenders.Length; k++)
        {
            var (name, mode) = contenders[(k + round) % contenders.Length];
            var (wall, cpu, summary) = Child(network, mode, steps);
            samples.TryAdd((network, mode), []);
            samples[(network, mode)].Add((wall, cpu));
            Console.WriteLine($"round {round + 1} {network,-18} {name,-24} {wall:F3} s/step wall, {cpu:F3} s/step CPU   [{summary}]");
        }
    }
}

Console.WriteLine();
// Ratios of medians, and the median of each round's own ratio (robust to load drifting between rounds).
Console.WriteLine("| Network | Contender | Median s/step (wall) | Median s/step (CPU) | Ratio to today (wall) | Ratio to today (CPU) | Median per-round ratio (CPU) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var network in Networks.Names)
{
    var baseline = (Wall: Median(samples[(network, "off")].Select(s => s.Wall)), Cpu: Median(samples[(network, "off")].Select(s => s.Cpu)));
    foreach (var (name, mode) in contenders)
    {
        var (wall, cpu) = (Median(samples[(network, mode)].Select(s => s.Wall)), Median(samples[(network, mode)].Select(s => s.Cpu)));
        var paired = Median(samples[(network, mode)].Zip(samples[(network, "off")], (c, b) => c.Cpu / b.Cpu));
        Console.WriteLine($"| {network} | {name} | {wall:F3} | {cpu:F3} | {wall / baseline.Wall:F3} | {cpu / baseline.Cpu:F3} | {paired:F3} |");
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static (double Wall, double Cpu, string Summary) Child(string network, string mode, int steps)
{
    var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
    info.ArgumentList.Add(typeof(Networks).Assembly.Location);
    foreach (var argument in new[] { "--worker", network, "--steps", steps.ToString(CultureInfo.InvariantCulture) })
        info.ArgumentList.Add(argument);
    info.Environment[ConvolutionGuard.ModeVariable] = mode;
    using var process = Process.Start(info)!;
    var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    process.WaitForExit();
    if (process.ExitCode != 0 || lines.Length < 2)
        throw new InvalidOperationException($"The {network} worker ({ConvolutionGuard.ModeVariable}={mode}) failed with exit code {process.ExitCode}.");
    var numbers = lines[^2].Split(' ');
    return (double.Parse(numbers[0], CultureInfo.InvariantCulture), double.Parse(numbers[1], CultureInfo.InvariantCulture), lines[^1]);
}

/// <summary>One contender in its own process: the guard settles first, then timed training steps.</summary>
internal static class Worker
{
    public static void Run(string network, int steps)
    {
        TorchNative.EnsureLoaded();
        set_num_threads(1); // as PipelineBench: OpenMP spin-waiting on a starved core would count as CPU time
        manual_seed(1);
        var (model, batch, size) = Networks.Create(network);
        var affected = model.modules().OfType<TorchSharp.Modules.Conv2d>()
            .Count(c => GuardedConvolution.IsAffected(c.in_channels, c.out_channels, c.kernel_size[0], c.kernel_size[1], c.groups, c.stride.Max()));
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-4);
        var generator = new Generator(2);
        var images = rand([batch, 3, size, size], generator: generator);
        var labels = randint(0, 2, [batch, 1], generator: generator).to(float32);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.binary_cross_entropy_with_logits(model.call(images), labels).backward();
            optimizer.step();
        }

        Step(); // warm-up: oneDNN's kernel generation, first-touch allocations
        using var process = Process.GetCurrentProcess();
        var (wall, cpu) = (Stopwatch.StartNew(), process.TotalProcessorTime);
        for (var s = 0; s < steps; s++) Step();
        process.Refresh();
        Console.WriteLine($"{wall.Elapsed.TotalSeconds / steps:F4} {(process.TotalProcessorTime - cpu).TotalSeconds / steps:F4}");
        Console.WriteLine($"{affected} affected layer(s); {ConvolutionGuard.State.Summary}");
    }
}
