using TLDeclarative.Onnx;
using TLDeclarative.Tests.Backbones;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TLDeclarative.Tests.Backbones.OnnxModelBuilder;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Onnx;

/// <summary>Operators that behave differently while training: BatchNormalization and Dropout.</summary>
public sealed class OnnxTrainingModeTests(ITestOutputHelper output)
{
    private static readonly float[] Scale = [0.5f, 1f, 1.5f, 2f];
    private static readonly float[] Shift = [0.1f, -0.2f, 0.3f, 0f];
    private static readonly float[] Mean = [1f, -1f, 0.5f, 0f];
    private static readonly float[] Variance = [2f, 0.5f, 1f, 3f];

    [Fact]
    public void BatchNormalization_in_training_mode_normalises_with_batch_statistics_and_updates_running_ones()
    {
        const float momentum = 0.8f, epsilon = 1e-3f;
        var model = new OnnxModelBuilder().ImageInput("x", 4, 5, 5)
            .FloatInitializer("scale", [4], Scale).FloatInitializer("shift", [4], Shift)
            .FloatInitializer("mean", [4], Mean).FloatInitializer("var", [4], Variance)
            .Node("BatchNormalization", "bn", ["x", "scale", "shift", "mean", "var"], ["y"], Float("epsilon", epsilon), Float("momentum", momentum))
            .Output("y").Build(15, 8);
        using var module = OnnxImporter.Import(model, "bn.onnx");
        var bn = Assert.IsType<BatchNorm2d>(module.Nodes.Single().Module);
        using var scope = NewDisposeScope();
        manual_seed(7);
        var x = (randn(6, 4, 5, 5) * 3) + 2;

        module.train();
        var ours = module.forward(x);

        var batchMean = x.mean([0, 2, 3], keepdim: true);
        var biasedVar = x.var([0, 2, 3], unbiased: false, keepdim: true);
        var unbiasedVar = x.var([0, 2, 3], unbiased: true, keepdim: false);
        var expected = ((x - batchMean) / (biasedVar + epsilon).sqrt() * tensor(Scale).reshape(1, 4, 1, 1)) + tensor(Shift).reshape(1, 4, 1, 1);
        var outputDiff = (ours - expected).abs().max().item<float>();
        // ONNX: running = running * momentum + batch * (1 - momentum). Torch updates the variance with the unbiased estimate.
        var meanDiff = (bn.running_mean! - ((tensor(Mean) * momentum) + (batchMean.flatten() * (1 - momentum)))).abs().max().item<float>();
        var varDiff = (bn.running_var! - ((tensor(Variance) * momentum) + (unbiasedVar * (1 - momentum)))).abs().max().item<float>();
        output.WriteLine($"BatchNormalization training: output {outputDiff:E2}, running mean {meanDiff:E2}, running var {varDiff:E2}");

        Assert.True(outputDiff <= 1e-5, $"output differs by {outputDiff}");
        Assert.True(meanDiff <= 1e-6, $"running mean differs by {meanDiff}");
        Assert.True(varDiff <= 1e-5, $"running variance differs by {varDiff}");
    }

    [Fact]
    public void BatchNormalization_in_inference_mode_uses_the_files_running_statistics()
    {
        var model = new OnnxModelBuilder().ImageInput("x", 4, 5, 5)
            .FloatInitializer("scale", [4], Scale).FloatInitializer("shift", [4], Shift)
            .FloatInitializer("mean", [4], Mean).FloatInitializer("var", [4], Variance)
            .Node("BatchNormalization", "bn", ["x", "scale", "shift", "mean", "var"], ["y"])
            .Output("y").Build(9, 4);
        using var scope = NewDisposeScope();
        manual_seed(7);

        var diff = OnnxParity.MaxAbsDiff(model, randn(3, 4, 5, 5));

        output.WriteLine($"BatchNormalization inference (opset 9): max |ours - ORT| = {diff:E2}");
        Assert.True(diff <= 1e-5);
    }

    [Theory]
    [InlineData(7, 0.3f)]
    [InlineData(13, 0.3f)]
    [InlineData(13, 0.6f)]
    public void Dropout_is_the_identity_in_inference_and_drops_the_ratio_in_training(long opset, float ratio)
    {
        var builder = new OnnxModelBuilder().ImageInput("x", 8, 32, 32);
        var model = (opset < 12
                ? builder.Node("Dropout", "drop", ["x"], ["y"], Float("ratio", ratio))
                : builder.FloatInitializer("ratio", [], ratio).Node("Dropout", "drop", ["x", "ratio"], ["y"]))
            .Output("y").Build(opset);
        using var module = OnnxImporter.Import(model, "dropout.onnx");
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = ones(4, 8, 32, 32);

        module.eval();
        Assert.True(module.forward(x).allclose(x, rtol: 0, atol: 0));

        module.train();
        var y = module.forward(x);
        var zeroFraction = (y == 0).to(ScalarType.Float32).mean().item<float>();
        var survivors = y.masked_select(y != 0);
        var scaleError = (survivors - (1 / (1 - ratio))).abs().max().item<float>();
        output.WriteLine($"Dropout opset {opset}, ratio {ratio}: zero fraction {zeroFraction:F4}, survivor scale error {scaleError:E2}");

        // 32768 draws: the standard deviation of the fraction is below 0.003.
        Assert.InRange(zeroFraction, ratio - 0.015f, ratio + 0.015f);
        Assert.True(scaleError <= 1e-6);
    }

    [Fact]
    public void The_Dropout_mask_output_marks_the_survivors()
    {
        var model = new OnnxModelBuilder().ImageInput("x", 8, 4, 4)
            .Node("Dropout", "drop", ["x"], ["y", "mask"], Float("ratio", 0.5f))
            .Node("Cast", "mask_as_float", ["mask"], ["kept"], Int("to", 1))
            .Node("Mul", "masked", ["y", "kept"], ["z"])
            .Output("z").Build(9, 4);
        using var module = OnnxImporter.Import(model, "mask.onnx");
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = ones(2, 8, 4, 4);

        module.train();
        var z = module.forward(x);
        module.eval();
        var inference = module.forward(x);

        var kept = z.masked_select(z != 0);
        Assert.InRange(kept.numel(), 64, 192);
        Assert.True((kept - 2).abs().max().item<float>() <= 1e-6);
        Assert.True(inference.allclose(x, rtol: 0, atol: 0));
    }
}
