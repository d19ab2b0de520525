using TLDeclarative.Reporting;
using TLDeclarative.Runtime;

namespace TLDeclarative.Tests.Reporting;

public sealed class RunEnvironmentTests
{
    [Fact]
    public void Capture_names_the_runtime_torch_versions_and_cores()
    {
        var environment = RunEnvironment.Capture("cpu");

        Assert.Equal("0.107.0", environment.TorchSharp);
        Assert.StartsWith("2.", environment.LibTorch, StringComparison.Ordinal);
        Assert.StartsWith(".NET 10", environment.Runtime, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount, environment.CpuCores);
        Assert.Equal("cpu", environment.Device);
        Assert.False(string.IsNullOrWhiteSpace(environment.OperatingSystem));
        Assert.False(string.IsNullOrWhiteSpace(environment.Cpu));
        Assert.Equal(ConvolutionGuard.State.Summary, environment.Convolutions);
        Assert.StartsWith("oneDNN convolutions: ", environment.Convolutions, StringComparison.Ordinal);
    }
}
