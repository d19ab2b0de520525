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
        var checkpoint = _cx.Choice(_root.Named("CheckpointMonitor"), "checkpoints.monitor", "monitored metric", EnumMembers.Monitors);
        var cacheMode = _cx.Choice(_root.Named("FeatureCache"), "feature_cache.mode", "feature cache mode", EnumMembers.FeatureCaches);
        var cacheViews = _cx.Int(_root.Named("FeatureCacheViews"), "feature_cache.views");
        var topK = _cx.Int(_root.Named("TopK"), "evaluation.top_k");
        var tta = _cx.Bool(_root.Named("TestTimeAugmentation"), "evaluation.tta");
        if (output is null || classes is null || data is null || backbone is null || head is null || phases is null
            || (_root.Named("CheckpointMonitor").IsSet && checkpoint is null) || (_root.Named("FeatureCache").IsSet && cacheMode is null))
            return null;
        return new ExperimentSpec(name, seed, classes.Value, data, backbone, head, augmentation, phases.Value, output)
        {
            CheckpointMonitor = checkpoint ?? MonitorKind.ValLoss,
            FeatureCache = new FeatureCacheSpec(cacheMode ?? FeatureCacheKind.Auto, cacheViews ?? 1),
            Evaluation = new EvaluationSpec(topK ?? 1, tta ?? false),
        };
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
        // A validation folder, or null with ValidationSplit: YAML's validation / validation_split, exactly one.
        var validationArgument = a.Constructor("validation");
        var splitArgument = a.Named("ValidationSplit");
        var hasFolder = validationArgument.Value is { IsNull: false };
        var validation = hasFolder ? _cx.String(validationArgument, "data.validation") : string.Empty;
        var split = _cx.Number(splitArgument, "data.validation_split");
        const string why = "validate on a folder or list file, or hold out a fraction of the training images";
        var oneValidation = hasFolder != splitArgument.IsSet;
        if (hasFolder && splitArgument.IsSet)
            _cx.Report(DiagnosticCatalog.ConflictingKeys.At(splitArgument.Span, "validation", "ValidationSplit", "[Data]", why + " (pass null as the validation folder)"));
        else if (!oneValidation)
            _cx.Report(DiagnosticCatalog.MissingOneOfKeys.At(validationArgument.IsSet ? validationArgument.Span : a.Span, "[Data]", "validation", "ValidationSplit", why));
        var test = a.Named("Test").IsSet ? _cx.String(a.Named("Test"), "data.test") : null;
        var size = ReadImageSize(a);
        var batch = _cx.Int(a.Named("BatchSize"), "data.batch_size") ?? DefaultBatchSize;
        var sampler = _cx.Choice(a.Named("Sampler"), "data.sampler", "sampler", EnumMembers.Samplers);
        var corrupt = _cx.Choice(a.Named("CorruptFiles"), "data.corrupt_files", "corrupt file policy", EnumMembers.CorruptFiles);
        if (train is null || validation is null || !oneValidation || (splitArgument.IsSet && split is null) || (a.Named("Test").IsSet && test is null) || size is null
            || (a.Named("Sampler").IsSet && sampler is null) || (a.Named("CorruptFiles").IsSet && corrupt is null))
            return null;
        return new DataSpec(train, validation, test, size.Value.Height, size.Value.Width, batch)
        {
            ValidationSplit = split ?? 0,
            Sampler = sampler ?? SamplerMode.Shuffle,
            CorruptFiles = corrupt ?? CorruptFilesMode.Fail,
        };
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
            _cx.Choice(a.Named("FillMode"), "augmentation.fill_mode", "fill mode", EnumMembers.FillModes) ?? none.FillMode)
        {
            VerticalFlip = _cx.Bool(a.Named("VerticalFlip"), "augmentation.vertical_flip") ?? false,
            Brightness = _cx.Number(a.Named("Brightness"), "augmentation.brightness") ?? 0,
            Contrast = _cx.Number(a.Named("Contrast"), "augmentation.contrast") ?? 0,
            Saturation = _cx.Number(a.Named("Saturation"), "augmentation.saturation") ?? 0,
            Hue = _cx.Number(a.Named("Hue"), "augmentation.hue") ?? 0,
            RandomErasing = _cx.Number(a.Named("RandomErasing"), "augmentation.random_erasing") ?? 0,
            Mixup = _cx.Number(a.Named("Mixup"), "augmentation.mixup") ?? 0,
            CutMix = _cx.Number(a.Named("CutMix"), "augmentation.cutmix") ?? 0,
        };
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
