using System.Globalization;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace TLDeclarative.Data;

/// <summary>
/// Exports a subset of Fashion-MNIST (Debian's dataset-fashion-mnist IDX files) as greyscale 28x28 PNG
/// folders root/{train,validation,test}/&lt;class&gt;/, the layout <see cref="ImageFolder"/> reads.
/// </summary>
/// <remarks>
/// train/ and validation/ are disjoint random draws from the 60,000 training images; test/ comes from
/// the 10,000 test images. Draws are seeded per (seed, source file, class). Files are named
/// &lt;class&gt;_&lt;index in the IDX file&gt;.png so every image can be traced back to its source.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    private const string TrainImages = "train-images-idx3-ubyte.gz";
    private const string TrainLabels = "train-labels-idx1-ubyte.gz";
    private const string TestImages = "t10k-images-idx3-ubyte.gz";
    private const string TestLabels = "t10k-labels-idx1-ubyte.gz";

    /// <summary>The ten classes in label order, spelled as identifiers (t-shirt/top is "tshirt").</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"];

    /// <summary>
    /// Exports the named classes (names from <see cref="ClassNames"/>, exact spelling); otherwise as the
    /// overload taking class indices.
    /// </summary>
    /// <param name="classNames">Classes to export, e.g. ["sneaker", "ankle_boot"].</param>
    public static ExportedDataSet Export(
        string root,
        IReadOnlyList<string> classNames,
        int trainPerClass,
        int validationPerClass,
        int testPerClass,
        int seed,
        string? sourceDirectory = null,
        bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var indices = classNames.Select(name =>
        {
            var index = Array.IndexOf([.. ClassNames], name);
            return index >= 0
                ? index
                : throw new ArgumentException($"'{name}' is not a Fashion-MNIST class; choose from {string.Join(", ", ClassNames)}.", nameof(classNames));
        }).ToArray();
        return Export(root, indices, trainPerClass, validationPerClass, testPerClass, seed, sourceDirectory, overwrite);
    }

    /// <summary>Exports the classes with the given label indices (0 to 9).</summary>
    /// <param name="root">Data set root; created when missing.</param>
    /// <param name="classIndices">Fashion-MNIST labels to export; folders get their <see cref="ClassNames"/>.</param>
    /// <param name="trainPerClass">Images per class in train/ (at most 6,000 minus the validation count).</param>
    /// <param name="validationPerClass">Images per class in validation/.</param>
    /// <param name="testPerClass">Images per class in test/ (at most 1,000); 0 writes no test/ folder.</param>
    /// <param name="seed">Chooses the images; same seed, same files.</param>
    /// <param name="sourceDirectory">Folder with the four .gz IDX files; default <see cref="DefaultDirectory"/>.</param>
    /// <param name="overwrite">Replace existing split folders instead of failing.</param>
    /// <exception cref="DataSetException">The IDX files are missing or invalid, or a class has too few images.</exception>
    public static ExportedDataSet Export(
        string root,
        IReadOnlyList<int> classIndices,
        int trainPerClass,
        int validationPerClass,
        int testPerClass,
        int seed,
        string? sourceDirectory = null,
        bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(classIndices);
        if (classIndices.Any(i => i < 0 || i >= ClassNames.Count))
        {
            throw new ArgumentException("Fashion-MNIST class indices are 0 to 9.", nameof(classIndices));
        }

        var classNames = classIndices.Select(i => ClassNames[i]).ToArray();
        SplitFolders.CheckClassNames(classNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(testPerClass);

        var source = sourceDirectory ?? DefaultDirectory;
        var needed = testPerClass > 0 ? new[] { TrainImages, TrainLabels, TestImages, TestLabels } : [TrainImages, TrainLabels];
        CheckFilesExist(source, needed);

        var fullRoot = Path.GetFullPath(root);
        var splits = testPerClass > 0 ? new[] { DataSplits.Train, DataSplits.Validation, DataSplits.Test } : [DataSplits.Train, DataSplits.Validation];
        SplitFolders.Prepare(fullRoot, splits, classNames, overwrite);

        var counts = new Dictionary<string, int>();
        var train = new IdxSource(Path.Combine(source, TrainImages), Path.Combine(source, TrainLabels));
        var trainDraws = Draw(train, classIndices, trainPerClass + validationPerClass, seed, sourceId: 0);
        counts[DataSplits.Train] = WriteSplit(train, trainDraws, 0, trainPerClass, Path.Combine(fullRoot, DataSplits.Train));
        counts[DataSplits.Validation] = WriteSplit(train, trainDraws, trainPerClass, validationPerClass, Path.Combine(fullRoot, DataSplits.Validation));
        if (testPerClass > 0)
        {
            var test = new IdxSource(Path.Combine(source, TestImages), Path.Combine(source, TestLabels));
            var testDraws = Draw(test, classIndices, testPerClass, seed, sourceId: 1);
            counts[DataSplits.Test] = WriteSplit(test, testDraws, 0, testPerClass, Path.Combine(fullRoot, DataSplits.Test));
        }

        return new ExportedDataSet(fullRoot, classNames, counts);
    }

    private static void CheckFilesExist(string source, IEnumerable<string> files)
    {
        var missing = files.Where(f => !File.Exists(Path.Combine(source, f))).ToList();
        if (missing.Count > 0)
        {
            throw new DataSetException(
                $"Fashion-MNIST files not found in '{source}' (missing: {string.Join(", ", missing)}). " +
                "Install them with 'sudo apt-get install dataset-fashion-mnist' (in a clone of TLDeclarative, 'eng/install-prereqs.sh' does it).");
        }
    }

    // For each class: `count` indices into the IDX file, a seeded random choice without repetition.
    private static (string ClassName, int[] Indices)[] Draw(IdxSource source, IReadOnlyList<int> classIndices, int count, int seed, int sourceId)
    {
        return classIndices.Select(label =>
        {
            var candidates = Enumerable.Range(0, source.Labels.Length).Where(i => source.Labels[i] == label).ToArray();
            if (candidates.Length < count)
            {
                throw new DataSetException(
                    $"'{source.ImagesPath}' has {candidates.Length} images of class {ClassNames[label]}; {count} were requested.");
            }

            var random = new Random(Seeds.Derive(seed, sourceId, label));
            for (var i = 0; i < count; i++)
            {
                var j = random.Next(i, candidates.Length);
                (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            }

            return (ClassNames[label], candidates[..count]);
        }).ToArray();
    }

    private static int WriteSplit(IdxSource source, (string ClassName, int[] Indices)[] draws, int skip, int take, string folder)
    {
        var jobs = draws.SelectMany(d => d.Indices.Skip(skip).Take(take).Select(index => (d.ClassName, index))).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(jobs, options, job =>
        {
            using var bitmap = new SKBitmap(new SKImageInfo(source.Columns, source.Rows, SKColorType.Gray8, SKAlphaType.Opaque));
            var imageBytes = source.Rows * source.Columns;
            for (var row = 0; row < source.Rows; row++)
            {
                var offset = (job.index * imageBytes) + (row * source.Columns);
                Marshal.Copy(source.Pixels, offset, bitmap.GetPixels() + (row * bitmap.RowBytes), source.Columns);
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{job.ClassName}_{job.index:D5}.png");
            PngFile.Write(bitmap, Path.Combine(folder, job.ClassName, name));
        });
        return jobs.Length;
    }

    /// <summary>One images file with its labels file.</summary>
    private sealed class IdxSource
    {
        public IdxSource(string imagesPath, string labelsPath)
        {
            ImagesPath = imagesPath;
            (Pixels, var count, Rows, Columns) = IdxFile.ReadImages(imagesPath);
            Labels = IdxFile.ReadLabels(labelsPath);
            if (Labels.Length != count)
            {
                throw new DataSetException($"'{imagesPath}' holds {count} images but '{labelsPath}' {Labels.Length} labels.");
            }
        }

        public string ImagesPath { get; }

        public byte[] Pixels { get; }

        public byte[] Labels { get; }

        public int Rows { get; }

        public int Columns { get; }
    }
}
