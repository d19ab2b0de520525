using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Emit;

/// <summary>The prose of the generated doc comments (plain text; callers escape it).</summary>
internal static class Summaries
{
    /// <summary>"The CatsVsDogs experiment: resnet18 (imagenet weights) with a new head for 2 classes," / "trained in 2 phases (...)."</summary>
    public static IEnumerable<string> Experiment(ExperimentSpec spec)
    {
        yield return "The " + spec.Name + " experiment: " + spec.Backbone.Name + " (" + (spec.Backbone.WeightsSha256 is null ? Weights(spec.Backbone.Weights) : "weights from " + spec.Backbone.Weights)
            + ") with a new head for " + CSharpLiteral.Int(spec.Classes.Count) + " classes,";
        yield return "trained in " + Count(spec.Phases.Count, "phase", "phases")
            + " (" + string.Join(", ", spec.Phases.Select(p => p.Name)) + ").";
    }

    /// <summary>"resnet18 (imagenet) + head: global average pooling, dropout 0.2, one sigmoid output."</summary>
    public static string Model(ExperimentSpec spec)
    {
        var parts = new List<string>
        {
            spec.Head.Pooling == PoolingKind.GlobalMax ? "global max pooling" : "global average pooling",
        };
        parts.AddRange(spec.Head.Layers.Select(Layer));
        parts.Add(spec.Classes.Count == 2 ? "one sigmoid output" : CSharpLiteral.Int(spec.Classes.Count) + " softmax outputs");
        var weights = spec.Backbone.WeightsSha256 is not null ? "weights from " + spec.Backbone.Weights : spec.Backbone.Weights switch
        {
            "none" => "random initial weights",
            "file" when spec.Backbone.Onnx is not null => "weights from the file",
            var file when Spec.Catalog.BuiltInBackbones.IsWeightFile(file) => "weights from " + file,
            var named => named,
        };
        return spec.Backbone.Name + " (" + weights + ") + head: " + string.Join(", ", parts) + ".";
    }

    /// <summary>"train both phases, evaluate, save the model bundle".</summary>
    public static string RunSteps(ExperimentSpec spec)
    {
        var train = spec.Phases.Count switch
        {
            1 => "train the phase",
            2 => "train both phases",
            var n => "train all " + CSharpLiteral.Int(n) + " phases",
        };
        return train + ", evaluate, save the model bundle";
    }

    private static string Layer(HeadLayerSpec layer) => layer.Kind == HeadLayerKind.Dropout
        ? "dropout " + CSharpLiteral.Double(layer.DropoutRate)
        : "dense " + CSharpLiteral.Int(layer.Units) + (layer.Activation == ActivationKind.Relu ? " (relu)" : string.Empty);

    private static string Weights(string weights) => weights switch
    {
        "none" => "random initial weights",
        "file" => "weights from the file",
        _ when Spec.Catalog.BuiltInBackbones.IsWeightFile(weights) => "weights from " + weights,
        _ => weights + " weights",
    };

    private static string Count(int count, string one, string many) =>
        count == 1 ? "1 " + one : CSharpLiteral.Int(count) + " " + many;
}
