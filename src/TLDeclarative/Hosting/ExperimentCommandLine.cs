using System.CommandLine;
using System.Globalization;
using TLDeclarative.Data;
using TLDeclarative.Runtime;
using TLDeclarative.Training;

namespace TLDeclarative.Hosting;

/// <summary>
/// The command line every generated experiment gets: training with overrides of the spec,
/// <c>predict</c> and <c>export</c> with a saved bundle, and <c>doctor</c> for bug reports. Expected
/// failures (bad data folders, missing native library, bad arguments) print one clear message and exit 1,
/// never a stack trace.
/// </summary>
internal static class ExperimentCommandLine
{
    public static int Run<TLabel>(Experiment<TLabel> experiment, string[] args)
        where TLabel : struct, Enum
    {
        var definition = experiment.Definition;
        var data = new Option<string?>("--data") { Description = "Folder with train/ and validation/ (one sub-folder per class) instead of the spec's folders." };
        var demo = new Option<bool>("--demo") { Description = "Train on the built-in synthetic demo data set (written under the output folder)." };
        var test = new Option<string?>("--test") { Description = "Held-out folder with the same class folders; its accuracy goes into the report." };
        var epochs = new Option<int[]>("--epochs")
        {
            Description = $"Epochs per phase ({string.Join(", ", definition.Phases.Select(p => p.Name))}), e.g. --epochs 2 3.",
            AllowMultipleArgumentsPerToken = true,
        };
        var imageSize = new Option<int?>("--image-size") { Description = "Square input size in pixels instead of the spec's image_size." };
        var output = new Option<string?>("--output") { Description = $"Output folder (default: {definition.Output})." };
        var seed = new Option<int?>("--seed") { Description = $"Random seed (default: {definition.Seed.ToString(CultureInfo.InvariantCulture)})." };
        var report = new Option<string?>("--report") { Description = "Also write the run report (JSON) to this file." };
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var exportOnnx = new Option<string?>("--export-onnx") { Description = "After training, also write the model as an ONNX file (see docs/export.md)." };
        var lrFind = new Option<string?>("--lr-find")
        {
            Description = "Instead of training: the learning-rate range test for the first phase (or the one named), writing lr-find.csv and lr-find.png and printing a suggested rate.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue an interrupted run from its checkpoints/last.tlmodel (same spec and options): the latest run under the output folder, or the run named (its folder under runs/).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var runName = new Option<string?>("--run-name") { Description = "A readable suffix for the new run's folder name (runs/<time>-<spec hash>-<name>)." };

        var root = new RootCommand($"Train the {definition.Name} experiment ({definition.SpecFile}): every phase, then save the model bundle, history, curves and report.")
        {
            data, demo, test, epochs, imageSize, output, seed, report, device, resume, runName, lrFind, exportOnnx,
        };
        root.SetAction(parsed => Guarded(() =>
        {
            var options = new TrainOptions
            {
                DataRoot = parsed.GetValue(data),
                Demo = parsed.GetValue(demo),
                TestFolder = parsed.GetValue(test),
                Epochs = parsed.GetValue(epochs) is { Length: > 0 } e ? e : null,
                ImageSize = parsed.GetValue(imageSize),
                Output = parsed.GetValue(output),
                Seed = parsed.GetValue(seed),
                ReportFile = parsed.GetValue(report),
                Device = parsed.GetValue(device)!,
                Resume = parsed.GetResult(resume) is not null,
                ResumeRun = parsed.GetValue(resume),
                RunName = parsed.GetValue(runName),
                CommandLine = args,
            };
            WithDataHint(definition, options, () =>
            {
                if (parsed.GetResult(lrFind) is not null)
                {
                    var found = experiment.FindLearningRate(options, parsed.GetValue(lrFind));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Suggested learning rate: {found.SteepestRate:0.###e+0} (minimum/10: {found.MinimumRateOverTen:0.###e+0})"));
                    return;
                }

                PrintSummary(experiment.Train(options));
                if (parsed.GetValue(exportOnnx) is { } onnxPath)
                {
                    experiment.ExportOnnx(onnxPath);
                    Console.WriteLine($"ONNX model: {onnxPath}");
                }
            });
        }));

        var images = new Argument<string[]>("images") { Description = "Image files to classify.", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string?>("--model") { Description = $"Model bundle (default: the latest run's under {definition.Output}/runs)." };
        var predict = new Command("predict", "Classify images with a saved model bundle.") { images, model, device };
        predict.SetAction(parsed => Guarded(() =>
        {
            experiment.Load(parsed.GetValue(model), parsed.GetValue(device)!);
            var paths = parsed.GetValue(images)!;
            var predictions = experiment.Predict(paths);
            for (var i = 0; i < paths.Length; i++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{paths[i]}\t{predictions[i].Label}\t{predictions[i].Confidence:F4}"));
        }));
        root.Subcommands.Add(predict);

        var exportModel = new Option<string?>("--model") { Description = $"Model bundle (default: the latest run's under {definition.Output}/runs)." };
        var exportOutput = new Option<string?>("--output") { Description = "ONNX file to write (default: the bundle's path with the extension .onnx)." };
        var export = new Command("export", "Write a saved model bundle as an ONNX file (input: RGB in [0,1]; output: class probabilities).") { exportModel, exportOutput };
        export.SetAction(parsed => Guarded(() =>
        {
            var bundle = parsed.GetValue(exportModel) ?? experiment.BundlePath();
            var onnxPath = parsed.GetValue(exportOutput) ?? Path.ChangeExtension(bundle, ".onnx");
            experiment.Load(bundle, "cpu");
            experiment.ExportOnnx(onnxPath);
            Console.WriteLine($"ONNX model: {onnxPath}");
        }));
        root.Subcommands.Add(export);
        root.Subcommands.Add(DoctorCommand());

        return root.Parse(args).Invoke();
    }

    /// <summary>Exit code 0: convolutions right here; 1: wrong; 2: libtorch cannot load or TL_CONV_GUARD is unknown.</summary>
    private static Command DoctorCommand()
    {
        var doctor = new Command(
            "doctor",
            "Print TorchSharp, libtorch, .NET and CPU facts for a bug report, and check this machine's convolutions against float64 (docs/numerics.md).");
        doctor.SetAction(_ =>
        {
            try
            {
                return MachineReport.Write(Console.Out) ? 0 : 1;
            }
            catch (Exception e) when (e is TorchNativeException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return doctor;
    }

    private static void PrintSummary(TrainingResult result)
    {
        var report = result.Report;
        Console.WriteLine();
        foreach (var phase in report.Phases)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase.Name}: {phase.Epochs.Count} epochs, {phase.TrainImagesPerSecond:F1} train images/s, {phase.Seconds:F1} s"));
        if (report.FinalValidationAccuracy is { } validation)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Validation accuracy: {validation:P1}"));
        if (report.TestAccuracy is { } testAccuracy)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {testAccuracy:P1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wall time: {report.TotalSeconds:F1} s"));
        Console.WriteLine($"Model bundle: {result.BundlePath}");
        if (report.Artifacts.BestCheckpoint is { } best)
            Console.WriteLine($"Best checkpoint: {best}");
        Console.WriteLine($"History, curves, report and TensorBoard logs: {result.RunFolder}");
    }

    /// <summary>
    /// Runs <paramref name="action"/>; when it fails because the spec's own training data is not there and
    /// neither --data nor --demo was given, the error also says how to train without it.
    /// </summary>
    private static void WithDataHint(ExperimentDefinition definition, TrainOptions options, Action action)
    {
        try
        {
            action();
        }
        catch (DataSetException e) when (options.DataRoot is null && !options.Demo && !Path.Exists(definition.Data.Train))
        {
            throw new DataSetException(
                $"{e.Message} Pass --demo to train on the built-in demo data set, or --data DIR to train on your own images " +
                $"(DIR/{DataSplits.Train} and DIR/{DataSplits.Validation}, one sub-folder per class).",
                e);
        }
    }

    private static int Guarded(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is NotSupportedException or DataSetException or TorchNativeException or TrainingDivergedException or ResumeException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or Weights.WeightsUnavailableException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
