using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using TLDeclarative.Text;
using static TorchSharp.torch;

// all-MiniLM-L6-v2 forward (inference, no gradient): our imported TorchSharp module vs ONNX Runtime on
// the same random token batch, alternating which goes first. Arguments: batch tokens repetitions threads.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var (batch, tokens, repetitions, threads) = (Arg(0, 32), Arg(1, 128), Arg(2, 7), Arg(3, Environment.ProcessorCount));
set_num_threads(threads);
var files = MiniLmModelFiles.Locate();
using var encoder = files.ImportEncoder();
encoder.eval();
using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
using var session = new InferenceSession(files.ReadResource(MiniLmModelFiles.ModelResource), sessionOptions);

using var ids = randint(1000, 30000, [batch, tokens], generator: manual_seed(7), dtype: ScalarType.Int64);
using var mask = ones(batch, tokens, ScalarType.Int64);
using var types = zeros(batch, tokens, ScalarType.Int64);
var inputs = new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
long[] shape = [batch, tokens];
using var ortIds = OrtValue.CreateTensorValueFromMemory(ids.data<long>().ToArray(), shape);
using var ortMask = OrtValue.CreateTensorValueFromMemory(mask.data<long>().ToArray(), shape);
using var ortTypes = OrtValue.CreateTensorValueFromMemory(types.data<long>().ToArray(), shape);
using var runOptions = new RunOptions();

float[] Ours()
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    return encoder.forward(inputs).data<float>().ToArray();
}

float[] Ort()
{
    using var results = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ortIds, ortMask, ortTypes], [MiniLmModelFiles.HiddenStateOutput]);
    return results[0].GetTensorDataAsSpan<float>().ToArray();
}

(double Wall, double Cpu) Measure(Func<float[]> run)
{
    using var process = Process.GetCurrentProcess();
    var (wall, cpu) = (Stopwatch.StartNew(), process.TotalProcessorTime);
    run();
    process.Refresh();
    return (wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
}

var difference = Ours().Zip(Ort(), (a, b) => Math.Abs(a - b)).Max(); // also the warm-up of both
Console.WriteLine($"MiniLM-L6 forward, batch {batch} x {tokens} tokens, {threads} thread(s), {repetitions} repetitions; max |ours - ORT| {difference:G3}");
var (ours, ort) = (new List<(double Wall, double Cpu)>(), new List<(double Wall, double Cpu)>());
for (var r = 0; r < repetitions; r++)
{
    // Alternate which side goes first, so a drift in machine load hits both alike.
    if (r % 2 == 0) { ours.Add(Measure(Ours)); ort.Add(Measure(Ort)); }
    else { ort.Add(Measure(Ort)); ours.Add(Measure(Ours)); }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

var (oursWall, ortWall) = (Median(ours.Select(c => c.Wall)), Median(ort.Select(c => c.Wall)));
var (oursCpu, ortCpu) = (Median(ours.Select(c => c.Cpu)), Median(ort.Select(c => c.Cpu)));
Console.WriteLine($"median wall s: ours {oursWall:F3}, ORT {ortWall:F3}, ours/ORT {oursWall / ortWall:F2}");
Console.WriteLine($"median CPU  s: ours {oursCpu:F3}, ORT {ortCpu:F3}, ours/ORT {oursCpu / ortCpu:F2}");
