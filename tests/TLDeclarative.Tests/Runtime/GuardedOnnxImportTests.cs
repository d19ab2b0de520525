using TLDeclarative.Onnx;
using TLDeclarative.Runtime;
using TLDeclarative.Tests.Support;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Runtime;

/// <summary>
/// The defect as users met it: torchvision's EfficientNetV2 exported by real PyTorch and imported as a
/// backbone was 13% off PyTorch, silently. Through the guarded run time it must match PyTorch.
/// </summary>
public sealed class GuardedOnnxImportTests
{
    [Fact]
    public void EfficientNetV2_stages_exported_by_PyTorch_match_PyTorch_after_import()
    {
        using var folder = new TempFolder();
        var script = Path.Combine(AppContext.BaseDirectory, "Runtime", "efficientnet_v2_stages.py");
        PyTorchScript.Run(script, folder.Path);
        var shapes = File.ReadAllLines(folder.Combine("shapes.txt")).Select(line => line.Split(' ').Select(long.Parse).ToArray()).ToArray();

        using var scope = NewDisposeScope();
        var images = Read(folder.Combine("input.bin"), shapes[0]);
        var expected = Read(folder.Combine("output.bin"), shapes[1]);
        using var module = OnnxImporter.Import(folder.Combine("model.onnx"));
        var affected = module.modules().OfType<TorchSharp.Modules.Conv2d>()
            .Count(c => GuardedConvolution.IsAffected(c.in_channels, c.out_channels, c.kernel_size[0], c.kernel_size[1], c.groups, c.stride.Max()));
        Assert.True(affected >= 4, $"the test graph should contain the affected convolutions; it has {affected}");

        module.eval();
        Tensor ours;
        using (no_grad()) ours = module.forward(images);
        var error = ConvolutionReference.Relative(ours, expected.to(float64));
        Assert.True(error < 1e-4, $"imported EfficientNetV2 stages are {error:E2} (relative) from PyTorch; {ConvolutionGuard.State.Summary}");
    }

    private static Tensor Read(string path, long[] shape)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values, shape);
    }
}
