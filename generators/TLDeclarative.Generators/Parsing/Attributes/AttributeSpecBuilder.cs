using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Diagnostics;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// Builds the <see cref="ExperimentSpec"/> an attribute-declared class describes: the same model a
/// <c>.tl.yaml</c> gives, with the same defaults, so one validator and one emitter serve both.
/// Positions are recorded under the YAML paths, so validator diagnostics land on the arguments.
/// </summary>
internal sealed class AttributeSpecBuilder
{
    private const int DefaultSeed = 42;
    private const int DefaultBatchSize = 32;
    private const string DefaultWeights = "imagenet";

    private readonly AttributeReadContext _cx;
    private readonly AttributeArguments _root;
    private readonly IReadOnlyList<AttributeArguments> _attributes;
    private readonly string _container;

    private AttributeSpecBuilder(AttributeReadContext cx, string className, AttributeArguments root, IReadOnlyList<AttributeArguments> attributes)
    {
        _cx = cx;
        _root = root;
        _attributes = attributes;
        _container = "class '" + className + "'";
    }

    /// <summary>The spec, or null when a setting is missing or unreadable (reported in <paramref name="cx"/>).</summary>
    /// <param name="attributes">The experiment's other attributes, in source order.</param>
    public static ExperimentSpec? Build(AttributeReadContext cx, string className, SourceSpan nameSpan, AttributeArguments root, IReadOnlyList<AttributeArguments> attributes)
    {
        cx.Record("experiment", nameSpan);
        return new AttributeSpecBuilder(cx, className, root, attributes).Build(className);
    }

    private ExperimentSpec? Build(string name)
    {
        var seed = _cx.Int(_root.Named("Seed"), "seed") ?? DefaultSeed;
        var output = _root.Named("Output").IsSet ? _cx.String(_root.Named("Output"), "output") : "artifacts/" + name;
        var classes = ReadClasses(Single(AttributeNames.Classes));
        var data = ReadData(Single(AttributeNames.Data));
        var backbone = ReadBackbone(Single(AttributeNames.Backbone));
        var head = ReadHead(Single(AttributeNames.Head));
        var augmentation = ReadAugmentation(Single(AttributeNames.Augmentation));
        var phases = ReadPhases();
        if (output is null || classes is null || data is null || backbone is null || head is null || phases is null)
            return null;
        return new ExperimentSpec(name, seed, classes.Value, data, backbone, head, augmentation, phases.Value, output);
    }

    private AttributeArguments? Single(string name) => _attributes.FirstOrDefault(a => a.Name == name);

    private bool Present(AttributeArguments? attribute, string name)
    {
        if (attribute is not null)
            return true;
        _cx.Report(DiagnosticCatalog.MissingKey.At(_root.Span, "[" + name + "]", _container));
        return false;
    }

    private EquatableArray<string>? ReadClasses(AttributeArguments? a)
    {
        if (!Present(a, AttributeNames.Classes))
            return null;
        _cx.Record("classes", a!.Span);
        var names = a.Constructor("names");
        if (names.Value is not { IsNull: false } array)
        {
            _cx.Report(DiagnosticCatalog.WrongType.At(names.Span, "classes", "a list of class names", "null"));
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < array.Values.Length; i++)
        {
            var element = new Argument("names", array.Values[i], a.ElementSpan("names", i));
            if (_cx.String(element, "classes[" + i + "]") is { } text)
                result.Add(text);
        }

        return result.Count == array.Values.Length ? new EquatableArray<string>(result) : null;
    }

    private DataSpec? ReadData(AttributeArguments? a)
    {
        if (!Present(a, AttributeNames.Data))
            return null;
        _cx.Record("data", a!.Span);
        var train = _cx.String(a.Constructor("train"), "data.train");
        var validation = _cx.String(a.Constructor("validation"), "data.validation");
        var test = a.Named("Test").IsSet ? _cx.String(a.Named("Test"), "data.test") : null;
        var size = ReadImageSize(a);
        var batch = _cx.Int(a.Named("BatchSize"), "data.batch_size") ?? DefaultBatchSize;
        if (train is null || validation is null || (a.Named("Test").IsSet && test is null) || size is null)
            return null;
        return new DataSpec(train, validation, test, size.Value.Height, size.Value.Width, batch);
    }

    // ImageSize = 150 (square), or ImageHeight = 150, ImageWidth = 200: YAML's image_size: 150 or [150, 200].
    private (int Height, int Width)? ReadImageSize(AttributeArguments a)
    {
        var size = a.Named("ImageSize");
        var height = a.Named("ImageHeight");
        var width = a.Named("ImageWidth");
        if (size.IsSet && (height.IsSet || width.IsSet))
        {
            var extra = height.IsSet ? height : width;
            _cx.Report(DiagnosticCatalog.WrongType.At(extra.Span, "data.image_size", "ImageSize alone, or ImageHeight with ImageWidth", "set both ways"));
            return null;
        }

        if (size.IsSet)
        {
            _cx.Record("data.image_size[0]", size.Span);
            _cx.Record("data.image_size[1]", size.Span);
            return _cx.Int(size, "data.image_size") is { } side ? (side, side) : null;
        }

        if (!height.IsSet && !width.IsSet)
        {
            _cx.Report(DiagnosticCatalog.MissingKey.At(a.Span, "ImageSize", "[Data] (or set ImageHeight and ImageWidth)"));
            return null;
        }

        var ok = _cx.Require(height, "ImageHeight", "[Data]", a.Span) & _cx.Require(width, "ImageWidth", "[Data]", a.Span);
        _cx.Record("data.image_size", height.IsSet ? height.Span : width.Span);
        var h = _cx.Int(height, "data.image_size[0]");
        var w = _cx.Int(width, "data.image_size[1]");
        return ok && h is not null && w is not null ? (h.Value, w.Value) : null;
    }

    private BackboneSpec? ReadBackbone(AttributeArguments? a)
    {
        if (!Present(a, AttributeNames.Backbone))
            return null;
        _cx.Record("backbone", a!.Span);
        var name = _cx.String(a.Constructor("name"), "backbone.name");
        var weights = a.Named("Weights").IsSet ? _cx.String(a.Named("Weights"), "backbone.weights") : DefaultWeights;
        return name is null || weights is null ? null : new BackboneSpec(name, weights);
    }

    private HeadSpec? ReadHead(AttributeArguments? a)
    {
        _cx.Record("head", a?.Span ?? _root.Span);
        var pooling = a is null ? null : _cx.Choice(a.Named("Pooling"), "head.pooling", "pooling", EnumMembers.Poolings);
        if (a is not null && a.Named("Pooling").IsSet && pooling is null)
            return null;
        var layers = HeadLayers.Read(_cx, _attributes);
        return layers is null ? null : new HeadSpec(pooling ?? PoolingKind.GlobalAverage, layers.Value);
    }

    private AugmentationSpec ReadAugmentation(AttributeArguments? a)
    {
        _cx.Record("augmentation", a?.Span ?? _root.Span);
        var none = AugmentationSpec.None;
        if (a is null)
            return none;
        return new AugmentationSpec(
            _cx.Number(a.Named("Rotation"), "augmentation.rotation") ?? none.Rotation,
            _cx.Number(a.Named("WidthShift"), "augmentation.width_shift") ?? none.WidthShift,
            _cx.Number(a.Named("HeightShift"), "augmentation.height_shift") ?? none.HeightShift,
            _cx.Number(a.Named("Shear"), "augmentation.shear") ?? none.Shear,
            _cx.Number(a.Named("Zoom"), "augmentation.zoom") ?? none.Zoom,
            _cx.Bool(a.Named("HorizontalFlip"), "augmentation.horizontal_flip") ?? none.HorizontalFlip,
            _cx.Choice(a.Named("FillMode"), "augmentation.fill_mode", "fill mode", EnumMembers.FillModes) ?? none.FillMode);
    }

    private EquatableArray<PhaseSpec>? ReadPhases()
    {
        _cx.Record("phases", _root.Span);
        var ordered = Numbering.Order(_cx, _attributes.Where(a => a.Name == AttributeNames.Phase), "number", "Phase number", "phases");
        if (ordered is null)
            return null;
        var phases = new List<PhaseSpec>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (PhaseReader.Read(_cx, ordered[i], "phases[" + i + "]") is { } phase)
                phases.Add(phase);
        }

        return phases.Count == ordered.Count ? new EquatableArray<PhaseSpec>(phases) : null;
    }
}
