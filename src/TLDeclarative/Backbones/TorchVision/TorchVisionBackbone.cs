using TLDeclarative.Export;
using TLDeclarative.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones.TorchVision;

/// <summary>
/// A TorchVision 0.107 network without its classifier: forward maps ImageNet-normalised (N,3,H,W) to
/// its last spatial feature map (N,C,h,w). The network's own modules are registered under their
/// torchvision names, so <c>state_dict()</c> keys are torchvision's minus the classifier's, and a
/// torchvision checkpoint loads as it is. The resnet, vgg and alexnet families export to ONNX.
/// </summary>
public sealed class TorchVisionBackbone : Backbone, IOnnxExportableBackbone
{
    // torchvision's transform_input: ImageNet-normalised channel c becomes (x01 - 0.5) / 0.5.
    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406];
    private static readonly double[] ImageNetStd = [0.229, 0.224, 0.225];

    private readonly nn.Module _network;
    private readonly List<List<nn.Module<Tensor, Tensor>>> _steps;
    private readonly IReadOnlyList<IReadOnlyList<string>> _layout;
    private readonly IReadOnlyList<BackboneStage> _stages;

    private TorchVisionBackbone(TorchVisionArchitecture architecture, nn.Module network, string? weightsPath) : base(architecture.Name)
    {
        Architecture = architecture;
        WeightsPath = weightsPath;
        _network = network;
        var layout = architecture.Layout(network);
        if (layout.Count != architecture.StageNames.Count)
            throw new InvalidOperationException($"{architecture.Name}: the layout has {layout.Count} stages, expected {architecture.StageNames.Count}.");

        var roots = network.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        var used = layout.SelectMany(paths => paths).Select(p => p.Split('.')[0]).Distinct().ToList();
        foreach (var root in used)
            register_module(root, roots[root]);

        // Every top-level module is either part of a stage or the dropped classifier: nothing is lost silently.
        var unaccounted = roots.Keys.Except(used).Except(architecture.ClassifierRoots).ToList();
        if (unaccounted.Count > 0)
            throw new InvalidOperationException($"{architecture.Name}: top-level module(s) {string.Join(", ", unaccounted)} are neither in a stage nor the classifier.");

        // torchvision's modules call their Conv2d layers themselves; hooks are the only way in.
        GuardedConvolution.Protect(network);
        _layout = layout;
        _steps = layout.Select(paths => paths.Select(p => Resolve(network, p)).ToList()).ToList();
        _stages = layout.Select((paths, s) => new BackboneStage(architecture.StageNames[s], _steps[s].SelectMany(Leaves).ToList())).ToList();
    }

    public TorchVisionArchitecture Architecture { get; }

    /// <summary>The weight file loaded, or null for torchvision's random initialisation.</summary>
    public string? WeightsPath { get; }

    public override IReadOnlyList<BackboneStage> Stages => _stages;

    public override int OutputChannels => Architecture.OutputChannels;

    /// <summary>torchvision's ImageNet normalisation, for every architecture (see <see cref="TorchVisionArchitecture.TransformsInput"/>).</summary>
    public static ImagePreprocessing Preprocessing => ImagePreprocessing.ImageNet;

    /// <summary>Builds <paramref name="name"/> with random weights (torch's global generator) or the weights in <paramref name="weightsPath"/>.</summary>
    /// <exception cref="ArgumentException">Unknown architecture or not a weight-file extension.</exception>
    /// <exception cref="FileNotFoundException">The weight file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file's keys or shapes do not fit the architecture.</exception>
    public static TorchVisionBackbone Create(string name, string? weightsPath = null)
    {
        var architecture = TorchVisionArchitectures.Find(name)
            ?? throw new ArgumentException($"Unknown TorchVision architecture '{name}'. Known: {string.Join(", ", TorchVisionArchitectures.Names)}.", nameof(name));
        return Create(architecture, weightsPath);
    }

    public static TorchVisionBackbone Create(TorchVisionArchitecture architecture, string? weightsPath = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var state = weightsPath is null ? null : StateDictFile.Read(weightsPath);
        var backbone = new TorchVisionBackbone(architecture, architecture.Create(), weightsPath);
        try
        {
            if (state is not null) TorchVisionWeights.Load(backbone, state, weightsPath!);
            return backbone;
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
        finally
        {
            if (state is not null)
            {
                foreach (var tensor in state.Values) tensor.Dispose();
            }
        }
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = TransformInput(input);
        foreach (var stage in _steps)
            x = RunStage(stage, x);
        return x.MoveToOuterDisposeScope();
    }

    protected override void ForwardByStage(Tensor input, Action<int, Tensor> stageOutput)
    {
        ArgumentNullException.ThrowIfNull(stageOutput);
        using var scope = NewDisposeScope();
        var x = TransformInput(input);
        for (var s = 0; s < _steps.Count; s++)
        {
            x = RunStage(_steps[s], x);
            stageOutput(s, x);
        }
    }

    /// <summary>RGB in [0,1] to (x - mean) / std with torchvision's ImageNet statistics.</summary>
    public override Tensor Preprocess(Tensor rgb01)
    {
        ArgumentNullException.ThrowIfNull(rgb01);
        if (rgb01.ndim != 4 || rgb01.shape[1] != 3)
            throw new ArgumentException($"Expected RGB images (N,3,H,W), got [{string.Join(",", rgb01.shape)}].", nameof(rgb01));
        using var scope = NewDisposeScope();
        var mean = tensor(Preprocessing.Mean.ToArray(), dtype: rgb01.dtype, device: rgb01.device).view(1, 3, 1, 1);
        var std = tensor(Preprocessing.Std.ToArray(), dtype: rgb01.dtype, device: rgb01.device).view(1, 3, 1, 1);
        return rgb01.mul(Preprocessing.Scale).sub_(mean).div_(std).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the network as ONNX nodes (inference mode, current weights) for the resnet, vgg and alexnet
    /// families; other architectures throw <see cref="NotSupportedException"/> naming the kind and why.
    /// </summary>
    public string AppendOnnx(OnnxGraphWriter writer, string input, int height, int width)
    {
        var steps = _layout.SelectMany((paths, s) => paths.Select((path, k) => (path, (nn.Module)_steps[s][k])));
        return TorchVisionOnnxExport.Append(writer, Architecture.Name, steps, input);
    }

    /// <summary>
    /// Nothing to discover: the constructor registers the stages' modules under torchvision's names.
    /// The default would also register the private <c>_network</c> field (with its classifier) the
    /// moment this backbone becomes a submodule, adding "_network.*" keys to the state dict.
    /// </summary>
    protected override void RegisterComponents() { }

    protected override void Dispose(bool disposing)
    {
        // The torchvision network owns the dropped classifier too.
        if (disposing) _network.Dispose();
        base.Dispose(disposing);
    }

    private Tensor TransformInput(Tensor input)
    {
        if (!Architecture.TransformsInput) return input;
        var scale = tensor(ImageNetStd.Select(s => s / 0.5).ToArray(), dtype: input.dtype, device: input.device).view(1, 3, 1, 1);
        var shift = tensor(ImageNetMean.Select(m => (m - 0.5) / 0.5).ToArray(), dtype: input.dtype, device: input.device).view(1, 3, 1, 1);
        return input.mul(scale).add_(shift);
    }

    private static Tensor RunStage(List<nn.Module<Tensor, Tensor>> stage, Tensor x)
    {
        foreach (var module in stage)
            x = module.call(x);
        return x;
    }

    private static nn.Module<Tensor, Tensor> Resolve(nn.Module network, string path)
    {
        nn.Module current = network;
        foreach (var part in path.Split('.'))
        {
            current = current.named_children().FirstOrDefault(c => c.name == part).module
                ?? throw new InvalidOperationException($"{network.GetName()} has no module '{path}'.");
        }

        return current as nn.Module<Tensor, Tensor>
            ?? throw new InvalidOperationException($"Module '{path}' ({current.GetType().Name}) does not map a tensor to a tensor.");
    }

    /// <summary>Leaf modules (Conv2d, BatchNorm2d, ReLU, ...) in registration order: what freeze policies and parameter names see.</summary>
    private static IEnumerable<nn.Module> Leaves(nn.Module module) =>
        IsLeaf(module) ? [module] : module.named_modules().Select(m => m.module).Where(IsLeaf); // named_modules() leaves out the module itself

    private static bool IsLeaf(nn.Module module) => !module.named_children().Any();
}
