using System.Globalization;
using System.Text;
using TLDeclarative.Backbones;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Reporting;

/// <summary>
/// Keras' model.summary() for a transfer model in one phase: the backbone's stages then the head, each
/// with its exact output shape at the run's image size, its parameter count and whether it trains.
/// </summary>
/// <param name="Phase">The phase the freeze state belongs to.</param>
/// <param name="Freeze">The freeze policy in force, as the training plan spells it.</param>
/// <param name="BatchNorm">The BatchNorm policy in force.</param>
/// <param name="ImageHeight">Input image height the shapes are for.</param>
/// <param name="ImageWidth">Input image width the shapes are for.</param>
/// <param name="Rows">The backbone's stages in forward order, then the head.</param>
/// <param name="TotalParameters">Every parameter of the model.</param>
/// <param name="TrainableParameters">Parameters that get gradients in this phase.</param>
public sealed record ModelSummary(
    string Phase,
    string Freeze,
    BatchNormPolicy BatchNorm,
    int ImageHeight,
    int ImageWidth,
    IReadOnlyList<ModelSummaryRow> Rows,
    long TotalParameters,
    long TrainableParameters)
{
    /// <summary>The name of the head's row.</summary>
    public const string HeadName = "head";

    public long FrozenParameters => TotalParameters - TrainableParameters;

    /// <summary>Summarises <paramref name="model"/> as it stands (after the phase's freeze policy was applied).</summary>
    public static ModelSummary Of(TransferModel model, string phase, int imageHeight, int imageWidth)
    {
        ArgumentNullException.ThrowIfNull(model);
        var backbone = model.Backbone;
        IReadOnlyList<long[]>? shapes;
        try
        {
            shapes = backbone.StageOutputShapes(imageHeight, imageWidth);
        }
        catch (NotSupportedException)
        {
            shapes = null;
        }

        var rows = new List<ModelSummaryRow>();
        for (var s = 0; s < backbone.Stages.Count; s++)
        {
            var stage = backbone.Stages[s];
            var modules = stage.Modules.Distinct().ToList();
            var parameters = modules.SelectMany(m => m.parameters()).ToList();
            var batchNorms = modules.Where(m => m is BatchNorm1d or BatchNorm2d or BatchNorm3d).ToList();
            var batchNormMode = batchNorms.Count == 0 ? "-"
                : batchNorms.All(model.IsFrozenBatchNorm) ? "inference"
                : batchNorms.Any(model.IsFrozenBatchNorm) ? "mixed"
                : "training";
            rows.Add(new ModelSummaryRow(stage.Name, shapes?[s], Count(parameters), Count(parameters.Where(p => p.requires_grad)), batchNormMode));
        }

        var headParameters = model.Head.parameters().ToList();
        var headShape = shapes is null ? null : HeadOutputShape(model, shapes[^1]);
        rows.Add(new ModelSummaryRow(HeadName, headShape, Count(headParameters), Count(headParameters.Where(p => p.requires_grad)), "-"));

        var all = model.parameters().ToList();
        return new ModelSummary(phase, model.Freeze.ToString(), model.BatchNorm, imageHeight, imageWidth, rows,
            Count(all), Count(all.Where(p => p.requires_grad)));
    }

    /// <summary>The Keras-style table for a console: aligned columns, then the totals.</summary>
    public string ToText()
    {
        string[] header = ["Stage", "Output shape", "Params", "Training", "BatchNorm"];
        var cells = Rows.Select(r => new[] { r.Name, r.FormatShape(), Number(r.Parameters), r.Training, r.BatchNorm }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Select(row => row[c].Length).Append(header[c].Length).Max()).ToArray();
        var ruleWidth = widths.Sum() + (2 * (widths.Length - 1));

        var text = new StringBuilder();
        text.Append(Title()).Append('\n');
        text.Append(new string('=', ruleWidth)).Append('\n');
        text.Append(Line(header, widths)).Append('\n');
        text.Append(new string('-', ruleWidth)).Append('\n');
        foreach (var row in cells)
            text.Append(Line(row, widths)).Append('\n');
        text.Append(new string('=', ruleWidth)).Append('\n');
        text.Append("Total params: ").Append(Number(TotalParameters)).Append('\n');
        text.Append("Trainable params: ").Append(Number(TrainableParameters)).Append('\n');
        text.Append("Frozen params: ").Append(Number(FrozenParameters)).Append('\n');
        return text.ToString();
    }

    /// <summary>A markdown section: heading, table and totals.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("## ").Append(Title()).Append("\n\n");
        text.Append("| Stage | Output shape | Params | Training | BatchNorm |\n");
        text.Append("|---|---|---:|---|---|\n");
        foreach (var row in Rows)
            text.Append(CultureInfo.InvariantCulture, $"| {row.Name} | {row.FormatShape()} | {Number(row.Parameters)} | {row.Training} | {row.BatchNorm} |\n");
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Total params: {Number(TotalParameters)} · Trainable: {Number(TrainableParameters)} · Frozen: {Number(FrozenParameters)}\n");
        return text.ToString();
    }

    /// <summary>The whole <c>model-summary.md</c>: one section per phase so far.</summary>
    public static string ToMarkdownDocument(string experiment, IEnumerable<ModelSummary> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var text = new StringBuilder();
        text.Append("# Model summary: ").Append(experiment).Append('\n');
        foreach (var phase in phases)
            text.Append('\n').Append(phase.ToMarkdown());
        return text.ToString();
    }

    private string Title() => string.Create(
        CultureInfo.InvariantCulture,
        $"Model summary, phase {Phase} (freeze: {Freeze}, batch_norm: {BatchNorm.ToString().ToLowerInvariant()}), input {ImageHeight}x{ImageWidth}");

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) line.Append("  ");
            // The parameter count is right-aligned, as numbers are; text columns are left-aligned.
            line.Append(c == 2 ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        return line.ToString().TrimEnd();
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static long Count(IEnumerable<TorchSharp.Modules.Parameter> parameters) => parameters.Sum(p => p.numel());

    private static long[] HeadOutputShape(TransferModel model, long[] featureShape) => InferenceProbe.Run(model.Head, () =>
    {
        using var scope = NewDisposeScope();
        var like = model.parameters().First();
        return model.Head.call(zeros(featureShape, dtype: like.dtype, device: like.device)).shape;
    });
}

/// <summary>One row of a <see cref="ModelSummary"/>: a backbone stage or the head.</summary>
/// <param name="OutputShape">Output shape for one image (batch dimension 1); null when the backbone cannot report it.</param>
/// <param name="Parameters">Parameter count (elements).</param>
/// <param name="TrainableParameters">Of those, how many get gradients in the phase.</param>
/// <param name="BatchNorm">inference (frozen BatchNorm), training, mixed, or - when the row has none.</param>
public sealed record ModelSummaryRow(string Name, IReadOnlyList<long>? OutputShape, long Parameters, long TrainableParameters, string BatchNorm)
{
    /// <summary>trainable, frozen, partial (some parameters train), or - without parameters.</summary>
    public string Training =>
        Parameters == 0 ? "-"
        : TrainableParameters == Parameters ? "trainable"
        : TrainableParameters == 0 ? "frozen"
        : "partial";

    /// <summary>The shape with the batch dimension shown as N, Keras' None: (N, 512, 7, 7).</summary>
    public string FormatShape() => OutputShape is null
        ? "?"
        : "(" + string.Join(", ", OutputShape.Select((d, i) => i == 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + ")";
}
