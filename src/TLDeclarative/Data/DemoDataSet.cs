using System.Globalization;
using System.Text;

namespace TLDeclarative.Data;

/// <summary>
/// Writes a small synthetic image data set (PNG files under root/train/&lt;class&gt;/ and
/// root/validation/&lt;class&gt;/) that a pretrained backbone with a linear head learns in a few epochs.
/// </summary>
/// <remarks>
/// Each class is one shape family (class 0: soft round blobs, class 1: parallel stripes, then rings,
/// triangles, checkerboards, crosses) with random colours, sizes and positions on a noisy background.
/// Every image is seeded from (seed, split, class, index), so the same seed writes byte-identical files
/// whatever the thread timing. A README.txt in the root says the data are synthetic.
/// </remarks>
public static class DemoDataSet
{
    /// <summary>The most classes the demo can draw (one shape family each).</summary>
    public static int MaxClasses => DemoPainter.MotifNames.Count;

    /// <summary>Writes the data set; see the type remarks.</summary>
    /// <param name="root">Data set root; created when missing.</param>
    /// <param name="classNames">Folder names, 2 to <see cref="MaxClasses"/> of them, e.g. [cats, dogs].</param>
    /// <param name="trainPerClass">Images per class in train/.</param>
    /// <param name="validationPerClass">Images per class in validation/.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="seed">Same seed, same bytes.</param>
    /// <param name="overwrite">Replace existing train/ and validation/ folders instead of failing.</param>
    public static ExportedDataSet Write(
        string root,
        IReadOnlyList<string> classNames,
        int trainPerClass = 100,
        int validationPerClass = 50,
        int height = 150,
        int width = 150,
        int seed = 42,
        bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        SplitFolders.CheckClassNames(classNames);
        if (classNames.Count < 2 || classNames.Count > MaxClasses)
        {
            throw new ArgumentException($"The demo data set draws 2 to {MaxClasses} classes, not {classNames.Count}.", nameof(classNames));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(trainPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(validationPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);

        var fullRoot = Path.GetFullPath(root);
        string[] splits = [DataSplits.Train, DataSplits.Validation];
        int[] perClass = [trainPerClass, validationPerClass];
        SplitFolders.Prepare(fullRoot, splits, classNames, overwrite);
        File.WriteAllText(Path.Combine(fullRoot, "README.txt"), Readme(classNames, seed, height, width), Encoding.UTF8);

        var jobs = (from split in Enumerable.Range(0, splits.Length)
                    from label in Enumerable.Range(0, classNames.Count)
                    from index in Enumerable.Range(0, perClass[split])
                    select (split, label, index)).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(jobs, options, job =>
        {
            var random = new Random(Seeds.Derive(seed, job.split, job.label, job.index));
            using var bitmap = DemoPainter.Paint(job.label, height, width, random);
            var name = string.Create(CultureInfo.InvariantCulture, $"{classNames[job.label]}_{job.index:D4}.png");
            PngFile.Write(bitmap, Path.Combine(fullRoot, splits[job.split], classNames[job.label], name));
        });

        var counts = new Dictionary<string, int>
        {
            [DataSplits.Train] = trainPerClass * classNames.Count,
            [DataSplits.Validation] = validationPerClass * classNames.Count,
        };
        return new ExportedDataSet(fullRoot, classNames.ToArray(), counts);
    }

    private static string Readme(IReadOnlyList<string> classNames, int seed, int height, int width)
    {
        var text = new StringBuilder();
        text.AppendLine("SYNTHETIC DEMO DATA - not photographs.");
        text.AppendLine();
        text.AppendLine("Written by TLDeclarative's DemoDataSet so the examples run without downloading anything.");
        text.AppendLine("Each class is one family of drawn shapes with random colours, sizes and positions:");
        for (var i = 0; i < classNames.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {classNames[i]}: {DemoPainter.MotifNames[i]}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Images are {width}x{height} PNG; seed {seed} (the same seed writes identical files).");
        text.AppendLine("Accuracy on these images says nothing about real photographs of the same names.");
        return text.ToString();
    }
}
