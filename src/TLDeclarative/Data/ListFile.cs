using CsvHelper;

namespace TLDeclarative.Data;

/// <summary>
/// Reads a split given as a list file: a .csv (comma) or .tsv (tab) file of (path, label) rows.
/// </summary>
/// <remarks>
/// Fields follow RFC 4180 (CsvHelper): a field with the delimiter, a quote or a line break is quoted, and a
/// quote inside it doubled. Relative paths are relative to the list file's folder. Labels are declared class
/// names (exact, case-sensitive). The first row is a header, and skipped, when its label field is "label"
/// or "class" (any case) and that is not a declared class. Blank lines are skipped. Every bad row (wrong
/// field count, undeclared label, missing image file, a path listed twice) is reported at once, with the
/// file and line. Samples come back ordered by label, then path, like <see cref="ImageFolder.Scan"/>.
/// </remarks>
public static class ListFile
{
    /// <summary>Whether <paramref name="path"/> names a list file (.csv or .tsv, any case) rather than a folder.</summary>
    public static bool IsListFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        return extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) || extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase);
    }

    /// <exception cref="DataSetException">The file is missing, or some rows are bad (all of them are named).</exception>
    public static IReadOnlyList<ImageSample> Read(string path, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(classNames);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new DataSetException($"List file '{fullPath}' does not exist.");
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        var labels = classNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        var samples = new List<ImageSample>();
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var problems = new List<string>();
        var firstRow = true;
        foreach (var (line, fields) in Rows(fullPath))
        {
            var header = firstRow && IsHeader(fields, labels);
            firstRow = false;
            if (header)
            {
                continue;
            }

            if (fields.Length != 2)
            {
                problems.Add($"line {line}: expected 2 fields (path, label), found {fields.Length}");
                continue;
            }

            var (file, label) = (fields[0].Trim(), fields[1].Trim());
            if (!labels.TryGetValue(label, out var index))
            {
                problems.Add($"line {line}: label '{label}' is not a declared class [{string.Join(", ", classNames)}]{DidYouMean(label, classNames)}");
                continue;
            }

            if (file.Length == 0)
            {
                problems.Add($"line {line}: the path is empty");
                continue;
            }

            var imagePath = Path.GetFullPath(Path.Combine(folder, file));
            if (firstLine.TryGetValue(imagePath, out var earlier))
            {
                problems.Add($"line {line}: '{file}' is already listed on line {earlier}");
                continue;
            }

            firstLine[imagePath] = line;
            if (!File.Exists(imagePath))
            {
                problems.Add($"line {line}: image file '{imagePath}' does not exist");
                continue;
            }

            samples.Add(new ImageSample(imagePath, index));
        }

        if (problems.Count > 0)
        {
            throw new DataSetException(
                $"List file '{fullPath}' has {problems.Count} bad row(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }

        if (samples.Count == 0)
        {
            throw new DataSetException($"List file '{fullPath}' lists no images; expected rows of (path, label).");
        }

        return samples.OrderBy(s => s.Label).ThenBy(s => s.Path, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(long Line, string[] Fields)> Rows(string path)
    {
        var options = new CsvReaderOptions
        {
            Separator = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',',
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
        };
        using var reader = CsvReader.FromFile(path, options);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i);
            }

            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return (reader.LineNumber, fields);
        }
    }

    private static bool IsHeader(string[] fields, Dictionary<string, int> labels) =>
        fields.Length == 2
        && (fields[1].Trim().Equals("label", StringComparison.OrdinalIgnoreCase) || fields[1].Trim().Equals("class", StringComparison.OrdinalIgnoreCase))
        && !labels.ContainsKey(fields[1].Trim());

    private static string DidYouMean(string label, IReadOnlyList<string> classNames)
    {
        var match = classNames.FirstOrDefault(c => string.Equals(c, label, StringComparison.OrdinalIgnoreCase));
        return match is null ? string.Empty : $" (did you mean '{match}'? labels are case-sensitive)";
    }
}
