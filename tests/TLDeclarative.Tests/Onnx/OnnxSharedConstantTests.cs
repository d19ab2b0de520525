using TLDeclarative.Onnx;
using TLDeclarative.Tests.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>
/// What PyTorch's exporter does to constants: equal tensors stored once and read by several nodes,
/// directly or through Identity nodes; weight matrices and embedding tables read by MatMul and Gather.
/// Each reader's copy must be its own trainable parameter.
/// </summary>
public sealed class OnnxSharedConstantTests
{
    /// <summary>Two convolutions reading one stored weight; the second reads one stored bias through an Identity, the first directly.</summary>
    private static global::Onnx.ModelProto TwoConvolutionsSharingConstants() => new OnnxModelBuilder().ImageInput("x", 3, 6, 6)
        .Initializer("w", [4, 3, 3, 3]).Initializer("b", [4])
        .Node("Identity", "b_copy", ["b"], ["b2"])
        .Node("Conv", "first", ["x", "w", "b"], ["a"], Ints("pads", 1, 1, 1, 1))
        .Node("Conv", "second", ["x", "w", "b2"], ["c"], Ints("pads", 1, 1, 1, 1))
        .Node("Concat", "both", ["a", "c"], ["y"], Int("axis", 1)).Output("y").Build(17, 8);

    [Fact]
    public void Convolutions_sharing_a_stored_weight_and_an_Identity_fed_bias_get_separate_parameters()
    {
        using var graph = OnnxImporter.Import(TwoConvolutionsSharingConstants(), "shared.onnx");
        var convolutions = graph.Nodes.Select(n => n.Module).OfType<Conv2d>().ToList();
        Assert.Equal(2, convolutions.Count);
        var (first, second) = (convolutions[0], convolutions[1]);
        Assert.NotSame(first.weight, second.weight);
        Assert.True(Same(first.weight, second.weight), "both start from the stored weight");
        Assert.True(Same(first.bias!, second.bias!), "both start from the stored bias");
        using var scope = NewDisposeScope();
        var secondWeight = second.weight.detach().clone();
        var secondBias = second.bias!.detach().clone();
        var firstWeight = first.weight.detach().clone();

        // Train the first convolution only: the second (frozen) must not move, bit for bit.
        foreach (var p in second.parameters()) p.requires_grad = false;
        var optimizer = optim.SGD(graph.parameters().Where(p => p.requires_grad), 0.1);
        manual_seed(3);
        var loss = graph.forward(randn(2, 3, 6, 6)).square().mean();
        loss.backward();
        optimizer.step();

        Assert.False(Same(first.weight, firstWeight), "the trained copy moved");
        Assert.True(Same(second.weight, secondWeight), "the other reader's weight did not move");
        Assert.True(Same(second.bias!, secondBias), "the other reader's bias did not move");
    }

    [Fact]
    public void An_embedding_Gather_trains_the_rows_it_looked_up_and_no_others()
    {
        var model = new OnnxModelBuilder().TokenInput("ids", 2, 3)
            .Initializer("table", [10, 4])
            .Node("Gather", "embed", ["table", "ids"], ["y"], Int("axis", 0)).Output("y").Build(13);
        using var graph = OnnxImporter.Import(model, "embedding.onnx");
        var weights = Assert.IsType<NodeWeights>(graph.Nodes.Single().Module);
        var (name, table) = Assert.Single(weights.named_parameters());
        Assert.Equal("weight", name);
        Assert.Equal([10L, 4L], table.shape);
        using var scope = NewDisposeScope();
        var before = table.detach().clone();
        var ids = tensor(new long[] { 1, 4, 4, 7, 1, 2 }, [2, 3]);

        var loss = graph.forward(ids).sum();
        loss.backward();
        using (no_grad()) table.sub_(table.grad! * 0.5);

        var moved = (table.detach() - before).abs().sum(1).gt(0);
        var expected = tensor(new[] { false, true, true, false, true, false, false, true, false, false });
        Assert.True(Same(moved, expected), $"rows moved: [{string.Join(",", moved.data<bool>().ToArray())}]");
        // Row 1 and row 4 were read twice: their gradient is 2 per element.
        Assert.Equal(2f, table.grad![1, 0].item<float>());
        Assert.Equal(1f, table.grad![2, 0].item<float>());
    }

    [Fact]
    public void A_MatMul_weight_and_its_bias_are_trainable_parameters_of_their_nodes_and_scalars_stay_buffers()
    {
        var model = new OnnxModelBuilder().Input("x", 2, 5, 8)
            .Initializer("w", [8, 6]).Initializer("b", [6]).FloatInitializer("scale", [], 0.5f)
            .Node("MatMul", "dense", ["x", "w"], ["h"])
            .Node("Add", "bias", ["h", "b"], ["hb"])
            .Node("Mul", "halve", ["hb", "scale"], ["y"]).Output("y").Build(17, 8);
        using var graph = OnnxImporter.Import(model, "dense.onnx");

        var trainable = graph.named_parameters().Select(p => (p.name, p.parameter.shape)).ToList();

        Assert.Equal([("dense.weight", new long[] { 8, 6 }), ("bias.weight", new long[] { 6 })], trainable.Select(t => (t.name, t.shape)).ToList(),
            new TupleComparer());
        Assert.Equal(["scale"], graph.named_buffers().Select(b => b.name).ToArray());
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private sealed class TupleComparer : IEqualityComparer<(string Name, long[] Shape)>
    {
        public bool Equals((string Name, long[] Shape) x, (string Name, long[] Shape) y) => x.Name == y.Name && x.Shape.SequenceEqual(y.Shape);

        public int GetHashCode((string Name, long[] Shape) obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
