using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Generators.Helpers;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Emit;

/// <summary>
/// Writes <c>BuildModel()</c>: the catalogue backbone plus the head the spec describes. The output
/// layer follows from the class count: one sigmoid unit for 2 classes, one softmax unit per class above.
/// </summary>
internal static class ModelEmitter
{
    public static void Write(SourceWriter writer, ExperimentSpec spec)
    {
        writer.WriteLine("/// <summary>" + CommentText.Xml(Summaries.Model(spec)) + "</summary>");
        writer.WriteLine("public static TransferModel BuildModel()");
        writer.OpenBlock();
        if (spec.Backbone.Onnx is { } onnx)
            WriteOnnxBackbone(writer, onnx);
        else if (spec.Backbone.WeightsSha256 is { } sha256)
            writer.WriteLine("var backbone = BackboneCatalog.Create(" + CSharpLiteral.String(spec.Backbone.Name)
                + ", new System.Uri(" + CSharpLiteral.String(spec.Backbone.Weights) + "), " + CSharpLiteral.String(sha256) + ");");
        else
            writer.WriteLine("var backbone = BackboneCatalog.Create(" + CSharpLiteral.String(spec.Backbone.Name)
                + ", weights: " + CSharpLiteral.String(spec.Backbone.Weights) + ");");
        writer.WriteLine("var head = nn.Sequential(");
        writer.Indent();
        var modules = HeadModules(spec);
        for (var i = 0; i < modules.Count; i++)
            writer.WriteLine(modules[i] + (i < modules.Count - 1 ? "," : ");"));
        writer.Unindent();
        var output = spec.Classes.Count == 2 ? "ClassifierOutput.Sigmoid" : "ClassifierOutput.Softmax";
        writer.WriteLine("return new TransferModel(backbone, head, " + output + ");");
        writer.CloseBlock();
    }

    // OnnxFileBackbone.Load(path, new OnnxBackboneOptions { ... }) with only the options the spec changes.
    private static void WriteOnnxBackbone(SourceWriter writer, OnnxBackboneSpec onnx)
    {
        var options = new List<string>();
        if (onnx.Cut is not null)
            options.Add("Cut = " + CSharpLiteral.String(onnx.Cut));
        if (onnx.Preprocessing is { } p && p != PreprocessingSpec.ImageNet)
        {
            options.Add("Preprocessing = new ImagePreprocessing(ColorOrder." + p.ColorOrder + ", " + CSharpLiteral.Double(p.Scale)
                + ", [" + string.Join(", ", p.Mean.Select(CSharpLiteral.Double)) + "], [" + string.Join(", ", p.Std.Select(CSharpLiteral.Double)) + "])");
        }

        if (onnx.Stages.Count > 0)
            options.Add("Stages = [" + string.Join(", ", onnx.Stages.Select(s => "new OnnxStage(" + CSharpLiteral.String(s.Name) + ", " + CSharpLiteral.String(s.LastNode) + ")")) + "]");
        if (!onnx.Pretrained)
            options.Add("Pretrained = false");
        if (options.Count == 0)
        {
            writer.WriteLine("var backbone = OnnxFileBackbone.Load(" + CSharpLiteral.String(onnx.Path) + ", new OnnxBackboneOptions());");
            return;
        }

        writer.WriteLine("var backbone = OnnxFileBackbone.Load(");
        writer.Indent();
        writer.WriteLine(CSharpLiteral.String(onnx.Path) + ",");
        writer.WriteLine("new OnnxBackboneOptions");
        writer.OpenBlock();
        foreach (var option in options)
            writer.WriteLine(option + ",");
        writer.CloseBlock(");");
        writer.Unindent();
    }

    /// <summary>Named modules in order: pool, flatten, the spec's layers ("dropout1", "dense2", "relu2"), output.</summary>
    private static List<string> HeadModules(ExperimentSpec spec)
    {
        // TorchSharp's AdaptiveMaxPool2d takes only an output size array.
        var pooling = spec.Head.Pooling == PoolingKind.GlobalMax ? "nn.AdaptiveMaxPool2d([1, 1])" : "nn.AdaptiveAvgPool2d(1)";
        var modules = new List<string> { Named("pool", pooling), Named("flatten", "nn.Flatten()") };

        // The first Linear takes the backbone's channels; each later one the units of the dense before it.
        var features = "backbone.OutputChannels";
        for (var i = 0; i < spec.Head.Layers.Count; i++)
        {
            var layer = spec.Head.Layers[i];
            var number = CSharpLiteral.Int(i + 1);
            if (layer.Kind == HeadLayerKind.Dropout)
            {
                modules.Add(Named("dropout" + number, "nn.Dropout(" + CSharpLiteral.Double(layer.DropoutRate) + ")"));
                continue;
            }

            var units = CSharpLiteral.Int(layer.Units);
            modules.Add(Named("dense" + number, "nn.Linear(" + features + ", " + units + ")"));
            if (layer.Activation == ActivationKind.Relu)
                modules.Add(Named("relu" + number, "nn.ReLU()"));
            features = units;
        }

        var outputs = spec.Classes.Count == 2 ? "1" : CSharpLiteral.Int(spec.Classes.Count);
        modules.Add(Named("output", "nn.Linear(" + features + ", " + outputs + ")"));
        return modules;
    }

    private static string Named(string name, string module) => "(" + CSharpLiteral.String(name) + ", " + module + ")";
}
