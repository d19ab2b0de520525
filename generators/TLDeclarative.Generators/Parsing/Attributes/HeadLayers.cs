using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>[DropoutLayer(1, rate: 0.2)] and [DenseLayer(2, units: 128)]: the head's hidden layers, in their shared numbering.</summary>
internal static class HeadLayers
{
    public static EquatableArray<HeadLayerSpec>? Read(AttributeReadContext cx, IReadOnlyList<AttributeArguments> attributes)
    {
        var ordered = Numbering.Order(
            cx,
            attributes.Where(a => a.Name is AttributeNames.DropoutLayer or AttributeNames.DenseLayer),
            "layer",
            "Head layer number",
            "head layers");
        if (ordered is null)
            return null;
        var layers = new List<HeadLayerSpec>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (Read(cx, ordered[i], "head.layers[" + i + "]") is { } layer)
                layers.Add(layer);
        }

        return layers.Count == ordered.Count ? new EquatableArray<HeadLayerSpec>(layers) : null;
    }

    private static HeadLayerSpec? Read(AttributeReadContext cx, AttributeArguments a, string path)
    {
        cx.Record(path, a.Span);
        if (a.Name == AttributeNames.DropoutLayer)
        {
            return cx.Number(a.Constructor("rate"), path + ".dropout") is { } rate
                ? new HeadLayerSpec(HeadLayerKind.Dropout, rate, 0, ActivationKind.None)
                : null;
        }

        cx.Record(path + ".dense", a.Span);
        var units = cx.Int(a.Constructor("units"), path + ".dense.units");
        var activationArgument = a.Named("Activation");
        var activation = cx.Choice(activationArgument, path + ".dense.activation", "activation", EnumMembers.Activations);
        if (units is null || (activationArgument.IsSet && activation is null))
            return null;
        return new HeadLayerSpec(HeadLayerKind.Dense, 0, units.Value, activation ?? ActivationKind.Relu);
    }
}
