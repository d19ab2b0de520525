using System.Globalization;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.PipelineBench;
using TLDeclarative.Reporting;
using TLDeclarative.Training;
using static TorchSharp.torch;

// One run, one table: every ratio compares numbers measured in this process (PyTorch: a child process
// right after). Ratios are given by CPU time (robust on a shared machine) and by wall time. How to run
// it and what the numbers were: docs/performance.md.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
set_num_threads(options.Threads);
var startLoad = LoadAverage();
var root = Path.Combine(Path.GetTempPath(), "tld-pipeline-bench-" + Environment.ProcessId);
Console.WriteLine($"Pipeline benchmark: {options.Images} images {options.Size}x{options.Size}, batch {options.BatchSize}, {options.Repetitions} repetitions, {options.Threads} thread(s); load average at start {startLoad}");
try
{
    DemoDataSet.Write(root, ["cats", "dogs"], options.Images / 2, 1, options.Size, options.Size, seed: 5, overwrite: true);
    using var data = DecodedImages.Decode(ImageFolder.Scan(Path.Combine(root, "train"), ["cats", "dogs"]), options.Size, options.Size);
    var loader = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, seed: 1);
    var rows = new List<string[]>();
    void Row(string measure, string values, string cpuRatio, string wallRatio, string target, string samples)
    {
        rows.Add([measure, values, cpuRatio, wallRatio, target, samples]);
        Console.WriteLine($"{measure}: {values}, ratio {cpuRatio} (CPU), {wallRatio} (wall)");
    }

    // a. Our Trainer (as a generated experiment calls it) vs a hand-written loop, interleaved.
    using var ours = Models.Ours(seed: 3);
    using var hand = new HandWrittenLoop(seed: 3, data.Images, data.Labels, options.BatchSize);
    var oursCosts = new Dictionary<int, List<Cost>>();
    foreach (var phase in new[] { 1, 2 })
    {
        var firstTrainable = phase == 1 ? 5 : 4;
        var rate = phase == 1 ? Models.Phase1Rate : Models.Phase2Rate;
        Cost Ours(int epoch) => Meter.Measure(() => new Trainer(ours, new NullTrainingProgress()).Run([Models.Phase(phase, epoch)], loader, null, null));
        Cost Hand(int epoch) => Meter.Measure(() => hand.TrainEpoch(firstTrainable, rate, epoch));

        Ours(1); // warm-up: first-touch allocations, one-time kernel selection
        Hand(1);
        var (oursSamples, handSamples) = (new List<Cost>(), new List<Cost>());
        for (var r = 0; r < options.Repetitions; r++)
        {
            // Alternate which side goes first, so a drift in machine load hits both alike.
            if (r % 2 == 0)
            {
                oursSamples.Add(Ours(r + 2));
                handSamples.Add(Hand(r + 2));
            }
            else
            {
                handSamples.Add(Hand(r + 2));
                oursSamples.Add(Ours(r + 2));
            }
        }

        oursCosts[phase] = oursSamples;
        var (o, h) = (Rate(data.Count, oursSamples), Rate(data.Count, handSamples));
        Row($"a. phase {phase} ({(phase == 1 ? "frozen backbone, no cache" : "layer4 + head train")}): ours / hand-written images per CPU-second",
            $"{o.Cpu:F1} / {h.Cpu:F1}", $"{o.Cpu / h.Cpu:F3}", $"{o.Wall / h.Wall:F3}", ">= 0.97",
            $"CPU s: ours {Join(oursSamples, c => c.Cpu)}; hand {Join(handSamples, c => c.Cpu)}");
    }

    // b. Phase 1 with the feature cache vs without (no augmentation), fresh models, whole phases.
    List<Cost> PhaseEpochs(FeatureCacheSettings caching, int epochs)
    {
        using var model = Models.Ours(seed: 4);
        var costs = new EpochCosts();
        var phase = new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, epochs, p => optim.Adam(p, lr: Models.Phase1Rate));
        new Trainer(model, costs) { FeatureCaching = caching }.Run([phase], loader, null, null);
        return costs.Epochs;
    }

    var uncached = PhaseEpochs(FeatureCacheSettings.Off, Math.Min(3, options.CacheEpochs));
    var cached = PhaseEpochs(FeatureCacheSettings.Auto, options.CacheEpochs);
    var (u, k, first) = (Median(uncached), Median(cached.Skip(1).ToList()), cached[0]);
    const int Epochs = 10;
    Row("b. phase 1 epoch 2+: uncached / cached CPU seconds", $"{u.Cpu:F3} / {k.Cpu:F4}", $"{u.Cpu / k.Cpu:F1}x", $"{u.Wall / k.Wall:F1}x", ">= 20x",
        $"CPU s: uncached {Join(uncached, c => c.Cpu)}; cached {Join(cached, c => c.Cpu)}");
    Row("b. phase 1 first epoch (builds the cache): uncached / cached CPU seconds", $"{u.Cpu:F3} / {first.Cpu:F3}", $"{u.Cpu / first.Cpu:F2}x", $"{u.Wall / first.Wall:F2}x", "-",
        "the first cached epoch runs the backbone once per image, then trains the head");
    Row($"b. phase 1 of {Epochs} epochs, amortised: uncached / cached CPU seconds", $"{Epochs * u.Cpu:F2} / {first.Cpu + ((Epochs - 1) * k.Cpu):F2}",
        $"{Epochs * u.Cpu / (first.Cpu + ((Epochs - 1) * k.Cpu)):F1}x", $"{Epochs * u.Wall / (first.Wall + ((Epochs - 1) * k.Wall)):F1}x", "-", "from the medians above");

    // c. Time the trainer waits for its next batch, with the loader a run uses on this device, as a share of the epoch.
    Cost Drain(IEnumerable<Batch> batches) => Meter.Measure(() =>
    {
        foreach (var batch in batches)
            batch.Dispose();
    });

    var runLoader = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, seed: 1, prefetch: BatchLoader.TrainingPrefetch(CPU));
    foreach (var phase in new[] { 1, 2 })
    {
        var (waits, epochs) = (new List<double>(), new List<double>());
        for (var r = 0; r < options.Repetitions; r++)
        {
            var before = runLoader.DataWaitSeconds;
            var cost = Meter.Measure(() => new Trainer(ours, new NullTrainingProgress()).Run([Models.Phase(phase, r + 2)], runLoader, null, null));
            waits.Add(runLoader.DataWaitSeconds - before);
            epochs.Add(cost.Wall);
        }

        var (wait, epoch) = (MedianOf(waits), MedianOf(epochs));
        Row($"c. phase {phase}: trainer's wait for batches / epoch wall seconds", $"{wait:F4} / {epoch:F3}", "-", $"{wait / epoch:P2}", "<= 5%",
            $"wait s: {string.Join(" ", waits.Select(w => w.ToString("F4", CultureInfo.InvariantCulture)))}");
    }

    using (var cacheModel = Models.Ours(seed: 4))
    {
        cacheModel.ApplyFreeze(FreezePolicy.All);
        using var cache = FeatureCache.Build(cacheModel, new FeatureCacheDecision(FeatureCacheKind.Exact, 5, 1, "benchmark"), loader, null, null);
        var features = Median(Enumerable.Range(2, options.Repetitions).Select(e => Drain(cache.TrainEpoch(e, loader))).ToList());
        Row("c. phase 1 cached: feature batch assembly / epoch CPU seconds", $"{features.Cpu:F4} / {k.Cpu:F4}", $"{features.Cpu / k.Cpu:P2}", $"{features.Wall / k.Wall:P2}", "<= 5%",
            "index_select of cached features");
    }

    // d. The same two phases in PyTorch on the same images.
    if (options.Python.Length > 0)
    {
        var result = PyTorchRun.Run(options, data, root);
        if (result is null)
        {
            Row("d. PyTorch", "not run", "-", "-", "-", $"'{options.Python} two_phase.py' failed or torch is missing (see above)");
        }
        else
        {
            foreach (var phase in new[] { 1, 2 })
            {
                var (o, t) = (Rate(data.Count, oursCosts[phase]), Rate(data.Count, result.Costs[phase]));
                Row($"d. phase {phase}: ours / PyTorch {result.Version} images per CPU-second", $"{o.Cpu:F1} / {t.Cpu:F1}", $"{o.Cpu / t.Cpu:F3}", $"{o.Wall / t.Wall:F3}", "-",
                    $"CPU s: PyTorch {Join(result.Costs[phase], c => c.Cpu)}");
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Load average: start {startLoad}, end {LoadAverage()}. Medians of {options.Repetitions} repetitions; CPU = this process's CPU time.");
    Console.WriteLine("| measure | values (CPU) | ratio (CPU) | ratio (wall) | target | samples |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var row in rows)
        Console.WriteLine("| " + string.Join(" | ", row) + " |");
}
finally
{
    if (Directory.Exists(root))
        Directory.Delete(root, recursive: true);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

// Median of each clock separately.
static Cost Median(IReadOnlyList<Cost> costs) => new(MedianOf(costs.Select(c => c.Wall)), MedianOf(costs.Select(c => c.Cpu)));

static double MedianOf(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// Images per second from the median cost.
static Cost Rate(int images, IReadOnlyList<Cost> costs)
{
    var median = Median(costs);
    return new Cost(images / median.Wall, images / median.Cpu);
}

static string Join(IEnumerable<Cost> costs, Func<Cost, double> pick) => string.Join(" ", costs.Select(c => pick(c).ToString("F3", CultureInfo.InvariantCulture)));
