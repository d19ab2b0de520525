using System.Globalization;

namespace TLDeclarative.PipelineBench;

/// <summary>The benchmark's knobs: <c>--images 128 --size 64 --batch 32 --reps 5 --threads 1 --cache-epochs 5 --python /usr/bin/python3</c> (Debian's python3-torch lives in the system Python; an empty --python skips PyTorch).</summary>
internal sealed record BenchOptions(int Images, int Size, int BatchSize, int Repetitions, int Threads, int CacheEpochs, string Python)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(128, 64, 32, 5, 1, 5, File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
                throw new ArgumentException($"Option '{args[i]}' needs a value.");
            var value = args[i + 1];
            options = args[i] switch
            {
                "--images" => options with { Images = Positive(args[i], value) },
                "--size" => options with { Size = Positive(args[i], value) },
                "--batch" => options with { BatchSize = Positive(args[i], value) },
                "--reps" => options with { Repetitions = Positive(args[i], value) },
                "--threads" => options with { Threads = Positive(args[i], value) },
                "--cache-epochs" => options with { CacheEpochs = Positive(args[i], value) },
                "--python" => options with { Python = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Known: --images, --size, --batch, --reps, --threads, --cache-epochs, --python (empty skips PyTorch)."),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Option '{name}' expects a positive integer, got '{value}'.");
}
