using Google.Protobuf;
using TLDeclarative.Backbones;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>A backbone loaded from an ONNX file on disk: cut, preprocessing, stages, fresh weights, freezing.</summary>
public sealed class OnnxFileBackboneTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("tld-onnx-").FullName;
    private readonly string _path;

    public OnnxFileBackboneTests(ITestOutputHelper output)
    {
        _output = output;
        _path = Path.Combine(_directory, "mobilenet.onnx");
        File.WriteAllBytes(_path, OnnxTestNetworks.MobileNetV2Like().ToByteArray());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly OnnxStage[] TwoStages = [new("early", "b1_add"), new("late", "last_relu6")];

    [Fact]
    public void Loads_with_the_automatic_cut_as_one_stage_and_matches_onnx_runtime()
    {
        using var backbone = (OnnxFileBackbone)OnnxFileBackbone.Load(_path, new OnnxBackboneOptions());
        using var scope = NewDisposeScope();
        manual_seed(2);
        var input = randn(2, 3, 32, 32);

        backbone.eval();
        Tensor ours;
        using (no_grad()) ours = backbone.forward(input);
        var reference = OnnxParity.Reference(OnnxTestNetworks.MobileNetV2Like(), input, OnnxTestNetworks.MobileNetV2FeatureMap);
        var diff = (ours - reference).abs().max().item<float>();
        _output.WriteLine($"OnnxFileBackbone (auto cut) vs ORT: max |diff| = {diff:E2}");

        Assert.True(diff <= 1e-5);
        Assert.Equal("last_relu6", backbone.CutNode);
        Assert.Equal(32, backbone.OutputChannels);
        Assert.Equal([OnnxFileBackbone.WholeNetworkStage], backbone.Stages.Select(s => s.Name));
        // 4 conv-bn pairs in the stem and last conv, 3 per inverted-residual block half: 2*(1+3+3+1) modules.
        Assert.Equal(16, backbone.Stages[0].Modules.Count);
        Assert.True(backbone.IsPretrained);
    }

    [Fact]
    public void Named_stages_split_the_graph_and_report_their_output_shapes()
    {
        using var backbone = OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Cut = "last_relu6", Stages = TwoStages });

        Assert.Equal(["early", "late"], backbone.Stages.Select(s => s.Name));
        Assert.Equal([8, 8], backbone.Stages.Select(s => s.Modules.Count));
        Assert.All(backbone.Stages[0].Modules.OfType<Conv2d>(), c => Assert.Contains(c, backbone.Stages[0].Modules));
        var shapes = backbone.StageOutputShapes(32, 32);
        Assert.Equal(new long[] { 1, 8, 16, 16 }, shapes[0]);
        Assert.Equal(new long[] { 1, 32, 8, 8 }, shapes[1]);
        Assert.Equal(new long[] { 1, 32, 12, 10 }, backbone.StageOutputShapes(48, 40)[1]);
    }

    [Fact]
    public void A_stage_ending_at_an_unknown_node_is_named()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Stages = [new("early", "b1_ad"), new("late", "last_relu6")] }));

        Assert.Equal(
            $"'{_path}': stage 'early' ends at node 'b1_ad', which is not among the nodes up to the cut 'last_relu6'. Close names: 'b1_add'.",
            error.Message);
    }

    [Fact]
    public void Stages_out_of_order_are_refused()
    {
        var error = Assert.Throws<OnnxImportException>(() =>
            OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Stages = [new("late", "last_relu6"), new("early", "b1_add")] }));

        Assert.Equal(
            $"'{_path}': stage 'early' ends at node 'b1_add', which runs before the end of stage 'late' ('last_relu6'); list stages in forward order.",
            error.Message);
    }

    [Fact]
    public void A_cut_that_is_not_a_feature_map_is_refused()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Cut = "flatten" }));

        Assert.Equal(("Reshape", "flatten", _path), (error.OpType, error.NodeName, error.ModelPath));
        Assert.Contains("is [1,32] at the declared input size [1,3,32,32], not a 4-D feature map", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(_directory, "absent.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxFileBackbone.Load(missing, new OnnxBackboneOptions()));

        Assert.Equal($"ONNX file '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void Preprocess_reorders_channels_scales_and_normalises()
    {
        var preprocessing = new ImagePreprocessing(ColorOrder.Bgr, 255, [10, 20, 30], [2, 4, 8]);
        using var backbone = OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Preprocessing = preprocessing });
        using var scope = NewDisposeScope();
        manual_seed(4);
        var rgb = rand(2, 3, 5, 6);

        var result = backbone.Preprocess(rgb);

        for (var c = 0; c < 3; c++)
        {
            var expected = ((rgb[.., 2 - c] * 255) - preprocessing.Mean[c]) / preprocessing.Std[c];
            Assert.True(result[.., c].allclose(expected, rtol: 1e-5, atol: 1e-4), $"channel {c}");
        }
    }

    [Fact]
    public void Preprocessing_needs_three_means_and_non_zero_stds()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxFileBackbone.Load(_path,
            new OnnxBackboneOptions { Preprocessing = new ImagePreprocessing(ColorOrder.Rgb, 1, [0.5, 0.5, 0.5], [0.2, 0, 0.2]) }));

        Assert.Equal($"Preprocessing for '{_path}': every Std value must be finite and non-zero, got [0.2, 0, 0.2].", error.Message);
    }

    [Fact]
    public void Not_pretrained_reinitialises_every_weight()
    {
        using var pretrained = (OnnxFileBackbone)OnnxFileBackbone.Load(_path, new OnnxBackboneOptions());
        manual_seed(9);
        using var fresh = (OnnxFileBackbone)OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Pretrained = false });

        Assert.False(fresh.IsPretrained);
        var before = pretrained.Graph.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in fresh.Graph.named_parameters().Where(p => p.name.EndsWith("conv.weight", StringComparison.Ordinal)))
            Assert.False(parameter.allclose(before[name]), $"{name} kept its file value");
        var bn = fresh.Graph.Nodes.Select(n => n.Module).OfType<BatchNorm2d>().First();
        Assert.True(bn.running_mean!.allclose(zeros(bn.running_mean.shape)));
        Assert.True(bn.running_var!.allclose(ones(bn.running_var.shape)));
        Assert.True(bn.weight!.allclose(ones(bn.weight.shape)));
    }

    [Fact]
    public void A_freeze_policy_freezes_the_named_stages()
    {
        var backbone = OnnxFileBackbone.Load(_path, new OnnxBackboneOptions { Stages = TwoStages });
        var head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(backbone.OutputChannels, 2));
        using var model = new TransferModel(backbone, head, ClassifierOutput.Softmax);

        model.ApplyFreeze(FreezePolicy.Until("late"));
        model.train();
        using var scope = NewDisposeScope();
        var loss = model.forward(rand(2, 3, 32, 32)).sum();
        loss.backward();

        var early = backbone.Stages[0].Modules.SelectMany(m => m.parameters()).ToList();
        var late = backbone.Stages[1].Modules.SelectMany(m => m.parameters()).ToList();
        Assert.All(early, p => Assert.False(p.requires_grad));
        Assert.All(early, p => Assert.Null(p.grad));
        Assert.All(late, p => Assert.True(p.requires_grad));
        Assert.All(late.Where(p => p.grad is not null), p => Assert.True(p.grad!.abs().sum().item<float>() > 0));
        Assert.All(backbone.Stages[0].Modules.OfType<BatchNorm2d>(), bn => Assert.False(bn.training));
        Assert.All(backbone.Stages[1].Modules.OfType<BatchNorm2d>(), bn => Assert.True(bn.training));
    }
}
