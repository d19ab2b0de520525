using TLDeclarative.Data;
using TLDeclarative.Export;
using TLDeclarative.Heads;
using TLDeclarative.Hosting;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Runs;
using TLDeclarative.Runtime;
using TLDeclarative.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative;

/// <summary>
/// Base of every generated experiment class: Train, Evaluate and Predict, typed by the
/// experiment's <typeparamref name="TLabel"/> enum. The generated subclass supplies the definition.
/// </summary>
public abstract class Experiment<TLabel>
    where TLabel : struct, Enum
{
    private static readonly TLabel[] Labels = Enum.GetValues<TLabel>();
    private TransferModel? model;
    private Device? device;
    private (int Height, int Width) imageSize;

    protected Experiment(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Labels.Length != definition.Classes.Count)
            throw new ArgumentException($"{typeof(TLabel).Name} has {Labels.Length} members but the experiment declares {definition.Classes.Count} classes.", nameof(definition));
        Definition = definition;
    }

    public ExperimentDefinition Definition { get; }

    /// <summary>The trained or loaded model; null before <see cref="Train"/> or <see cref="Load"/>.</summary>
    public TransferModel? Model => model;

    /// <summary>
    /// The model bundle of the latest run under an output folder (<c>runs/&lt;latest&gt;/</c>); an output
    /// folder written before run folders existed keeps its bundle at the top.
    /// </summary>
    public string BundlePath(string? output = null)
    {
        output ??= Definition.Output;
        var folder = RunFolders.Latest(output) ?? output;
        return Path.Combine(folder, Definition.Name + ModelBundle.Extension);
    }

    /// <summary>Trains every phase, then saves the model bundle, history, curves and report in a new run folder under the output folder (or the resumed run's).</summary>
    public TrainingResult Train(TrainOptions? options = null)
    {
        options ??= new TrainOptions();
        var settings = RunSettings.Resolve(Definition, options);
        var run = new ExperimentRun(Definition, settings, options.Progress ?? TrainingProgress.ForConsole());
        var (result, trained) = run.Execute();
        Replace(trained, (settings.ImageHeight, settings.ImageWidth));
        return result;
    }

    /// <summary>
    /// The learning-rate range test (fastai's lr_find) for a phase (the first by default), from the
    /// model a run would start with: writes lr-find.csv and lr-find.png under the output folder and
    /// returns the curve with its suggested rates. Trains nothing and touches no checkpoint.
    /// </summary>
    public LearningRateFinderResult FindLearningRate(TrainOptions? options = null, string? phase = null)
    {
        options ??= new TrainOptions();
        var settings = RunSettings.Resolve(Definition, options);
        return LearningRateFinderRun.Execute(Definition, settings, phase, options.Progress ?? TrainingProgress.ForConsole()).Result;
    }

    /// <summary>Loads a saved bundle of this experiment (weights, checked against the declared classes).</summary>
    public void Load(string? bundlePath = null, string deviceRequest = "auto")
    {
        var path = bundlePath ?? BundlePath();
        var manifest = ModelBundle.ReadManifest(path);
        if (manifest.Experiment != Definition.Name || !manifest.Classes.SequenceEqual(Definition.Classes))
        {
            throw new InvalidDataException(
                $"Bundle '{path}' holds experiment '{manifest.Experiment}' with classes [{string.Join(", ", manifest.Classes)}], "
                + $"not '{Definition.Name}' with [{string.Join(", ", Definition.Classes)}].");
        }

        var target = DeviceSelection.Choose(deviceRequest);
        var loaded = Definition.BuildModel();
        ModelBundle.LoadInto(path, loaded);
        loaded.to(target);
        Replace(loaded, (manifest.ImageHeight, manifest.ImageWidth));
    }

    /// <summary>
    /// Loss, accuracy and the full metrics (per class, confusion matrix, ROC AUC, top-k) on a folder with one
    /// sub-folder per class, with the spec's evaluation settings (top-k, test-time augmentation).
    /// </summary>
    public Evaluation Evaluate(string folder)
    {
        var trained = RequireModel();
        var samples = ImageFolder.Scan(folder, Definition.Classes);
        using var images = DecodedImages.Decode(samples, imageSize.Height, imageSize.Width);
        var loader = new BatchLoader(images, Definition.Data.BatchSize, device!, shuffle: false, Definition.Seed);
        return new Trainer(trained, new NullTrainingProgress()).Evaluate(loader, Definition.Evaluation, Definition.Classes);
    }

    public Prediction<TLabel> Predict(string imagePath) => Predict([imagePath])[0];

    /// <summary>Class probabilities for each image file, in inference mode.</summary>
    public IReadOnlyList<Prediction<TLabel>> Predict(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        var trained = RequireModel();
        var (height, width) = imageSize;
        var pixels = new byte[imagePaths.Count * 3 * height * width];
        var size = 3 * height * width;
        Parallel.For(0, imagePaths.Count, i => ImageDecoder.DecodeInto(imagePaths[i], height, width, pixels.AsSpan(i * size, size)));

        trained.eval();
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var batch = tensor(pixels, [imagePaths.Count, 3, height, width]).to(device!).to_type(ScalarType.Float32).div_(255f);
        var probabilities = ClassificationLoss.Probabilities(trained.Output, trained.call(batch)).cpu().data<float>().ToArray();
        return Enumerable.Range(0, imagePaths.Count).Select(i => ToPrediction(probabilities.AsSpan(i * Labels.Length, Labels.Length))).ToList();
    }

    /// <summary>
    /// Writes the trained or loaded model as one ONNX file: input "image" (RGB in [0,1], N x 3 x the
    /// trained image size, preprocessing folded in), output "probabilities" as <see cref="Predict(IReadOnlyList{string})"/>
    /// gives them, metadata with the classes and image size (see docs/export.md).
    /// </summary>
    /// <exception cref="NotSupportedException">The backbone kind or a head layer cannot be exported yet.</exception>
    public void ExportOnnx(string path) =>
        OnnxExporter.Save(RequireModel(), path, new OnnxExportOptions(Definition.Classes, imageSize.Height, imageSize.Width) { ExperimentName = Definition.Name });

    /// <summary>The experiment's command line: train both phases, evaluate, save (see --help).</summary>
    public int RunCommandLine(string[] args) => ExperimentCommandLine.Run(this, args);

    private static Prediction<TLabel> ToPrediction(ReadOnlySpan<float> probabilities)
    {
        var best = 0;
        var all = new Dictionary<TLabel, float>();
        for (var i = 0; i < probabilities.Length; i++)
        {
            all[Labels[i]] = probabilities[i];
            if (probabilities[i] > probabilities[best])
                best = i;
        }

        return new Prediction<TLabel>(Labels[best], probabilities[best], all);
    }

    private TransferModel RequireModel() =>
        model ?? throw new InvalidOperationException($"{Definition.Name} has no model yet: call Train() or Load() first.");

    /// <summary>Keeps the model with the image size it was trained at (a run may override the spec's).</summary>
    private void Replace(TransferModel trained, (int Height, int Width) trainedImageSize)
    {
        model?.Dispose();
        model = trained;
        device = trained.parameters().First().device;
        imageSize = trainedImageSize;
    }
}
