using System.Diagnostics;
using System.Globalization;
using TLDeclarative.Caching;
using TLDeclarative.Data;
using TLDeclarative.Freezing;
using TLDeclarative.PipelineBench;
using TLDeclarative.Reporting;
using TLDeclarative.Training;
using static TorchSharp.torch;

// One run, one table: every ratio below compares numbers measured in this process (PyTorch: a child
// process right after). How to run it and what the numbers were: docs/performance.md.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
set_num_threads(options.Threads);
var startLoad = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
var root = Path.Combine(Path.GetTempPath(), "tld-pipeline-bench-" + Environment.ProcessId);
Console.WriteLine($"Pipeline benchmark: {options.Images} images {options.Size}x{options.Size}, batch {options.BatchSize}, {options.Repetitions} repetitions, {options.Threads} threads; load average at start {startLoad}");
try
{
    DemoDataSet.Write(root, ["cats", "dogs"], options.Images / 2, 1, options.Size, options.Size, seed: 5, overwrite: true);
    using var data = DecodedImages.Decode(ImageFolder.Scan(Path.Combine(root, "train"), ["cats", "dogs"]), options.Size, options.Size);
    var loader = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, seed: 1);
    var rows = new List<string[]>();

    // a. Our Trainer (as a generated experiment calls it) vs a hand-written loop, interleaved.
    using var ours = Models.Ours(seed: 3);
    using var hand = new HandWrittenLoop(seed: 3, data.Images, data.Labels, options.BatchSize);
    var oursRates = new Dictionary<int, double>();
    var epochSeconds = new Dictionary<int, double>();
    foreach (var phase in new[] { 1, 2 })
    {
        var firstTrainable = phase == 1 ? 5 : 4;
        var rate = phase == 1 ? Models.Phase1Rate : Models.Phase2Rate;
        double Ours(int epoch)
        {
            var clock = Stopwatch.StartNew();
            new Trainer(ours, new NullTrainingProgress()).Run([Models.Phase(phase, epoch)], loader, null, null);
            return data.Count / clock.Elapsed.TotalSeconds;
        }

        Ours(1); // warm-up: first-touch allocations, one-time kernel selection
        hand.TrainEpoch(firstTrainable, rate, 1);
        var (oursSamples, handSamples) = (new List<double>(), new List<double>());
        for (var r = 0; r < options.Repetitions; r++)
        {
            // Alternate which side goes first, so a drift in machine load hits both alike.
            if (r % 2 == 0)
            {
                oursSamples.Add(Ours(r + 2));
                handSamples.Add(hand.TrainEpoch(firstTrainable, rate, r + 2));
            }
            else
            {
                handSamples.Add(hand.TrainEpoch(firstTrainable, rate, r + 2));
                oursSamples.Add(Ours(r + 2));
            }
        }

        oursRates[phase] = Median(oursSamples);
        epochSeconds[phase] = data.Count / oursRates[phase];
        rows.Add([$"a. phase {phase} ({(phase == 1 ? "frozen backbone, no cache" : "layer4 + head train")}): ours / hand-written images/s",
            $"{oursRates[phase]:F1} / {Median(handSamples):F1}", $"{oursRates[phase] / Median(handSamples):F3}", ">= 0.97",
            $"ours {Join(oursSamples)}; hand {Join(handSamples)}"]);
        Console.WriteLine(rows[^1][0] + ": " + rows[^1][1]);
    }

    // b. Phase 1 with the feature cache vs without (no augmentation), fresh models, whole phases.
    double[] PhaseEpochs(FeatureCacheSettings caching, int epochs)
    {
        using var model = Models.Ours(seed: 4);
        var phase = new PhaseDefinition("feature_extraction", FreezePolicy.All, 1, epochs, p => optim.Adam(p, lr: Models.Phase1Rate));
        var history = new Trainer(model, new NullTrainingProgress()) { FeatureCaching = caching }.Run([phase], loader, null, null);
        return history.Epochs.Select(e => e.Seconds).ToArray();
    }

    var uncached = PhaseEpochs(FeatureCacheSettings.Off, Math.Min(3, options.CacheEpochs));
    var cached = PhaseEpochs(FeatureCacheSettings.Auto, options.CacheEpochs);
    var uncachedEpoch = Median(uncached);
    var cachedEpoch = Median(cached.Skip(1).ToList());
    const int TutorialEpochs = 10;
    var amortised = TutorialEpochs * uncachedEpoch / (cached[0] + ((TutorialEpochs - 1) * cachedEpoch));
    rows.Add(["b. phase 1 epoch 2+: uncached / cached seconds", $"{uncachedEpoch:F3} / {cachedEpoch:F4}", $"{uncachedEpoch / cachedEpoch:F1}x", ">= 20x", $"uncached {Join(uncached)}; cached {Join(cached)}"]);
    rows.Add(["b. phase 1 first epoch (builds the cache): uncached / cached seconds", $"{uncachedEpoch:F3} / {cached[0]:F3}", $"{uncachedEpoch / cached[0]:F2}x", "-", "the first cached epoch runs the backbone once per image, then trains the head"]);
    rows.Add([$"b. phase 1 of {TutorialEpochs} epochs, amortised: uncached / cached seconds", $"{TutorialEpochs * uncachedEpoch:F2} / {cached[0] + ((TutorialEpochs - 1) * cachedEpoch):F2}", $"{amortised:F1}x", "-", "from the medians above"]);
    Console.WriteLine(string.Join(Environment.NewLine, rows.TakeLast(3).Select(r => r[0] + ": " + r[1] + " = " + r[2])));

    // c. Time spent making batches (synchronous: the loader has no prefetch on this branch), as a fraction of an epoch.
    double LoaderEpoch(IEnumerable<Batch> batches)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
            batch.Dispose();
        return clock.Elapsed.TotalSeconds;
    }

    var loaderSeconds = Median(Enumerable.Range(2, options.Repetitions).Select(e => LoaderEpoch(loader.Epoch(e))).ToList());
    foreach (var phase in new[] { 1, 2 })
        rows.Add([$"c. phase {phase}: batch assembly / epoch seconds", $"{loaderSeconds:F4} / {epochSeconds[phase]:F3}", $"{loaderSeconds / epochSeconds[phase]:P2}", "<= 5%", "uint8 index_select + float conversion, per epoch"]);
    using (var cacheModel = Models.Ours(seed: 4))
    {
        cacheModel.ApplyFreeze(FreezePolicy.All);
        var decision = new FeatureCacheDecision(FeatureCacheKind.Exact, 5, 1, "benchmark");
        using var cache = FeatureCache.Build(cacheModel, decision, loader, null, null);
        var cachedBatches = Median(Enumerable.Range(2, options.Repetitions).Select(e => LoaderEpoch(cache.TrainEpoch(e, loader))).ToList());
        rows.Add(["c. phase 1 cached: feature batch assembly / epoch seconds", $"{cachedBatches:F4} / {cachedEpoch:F4}", $"{cachedBatches / cachedEpoch:P2}", "<= 5%", "index_select of cached features"]);
    }

    // d. The same two phases in PyTorch on the same images.
    if (options.Python.Length > 0)
    {
        var result = PyTorchRun.Run(options, data, root);
        if (result is null)
        {
            rows.Add(["d. PyTorch", "not run", "-", "-", $"'{options.Python} two_phase.py' failed or torch is missing (see above)"]);
        }
        else
        {
            foreach (var phase in new[] { 1, 2 })
            {
                var theirs = Median(result.Rates[phase]);
                rows.Add([$"d. phase {phase}: ours / PyTorch {result.Version} images/s", $"{oursRates[phase]:F1} / {theirs:F1}", $"{oursRates[phase] / theirs:F3}", "-", $"PyTorch {Join(result.Rates[phase])}"]);
            }
        }
    }

    var endLoad = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
    Console.WriteLine();
    Console.WriteLine($"Load average: start {startLoad}, end {endLoad}. Medians of {options.Repetitions} repetitions.");
    Console.WriteLine("| measure | values | ratio | target | samples |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var row in rows)
        Console.WriteLine("| " + string.Join(" | ", row) + " |");
}
finally
{
    if (Directory.Exists(root))
        Directory.Delete(root, recursive: true);
}

static double Median(IReadOnlyList<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString(v < 1 ? "F4" : "F1", CultureInfo.InvariantCulture)));
