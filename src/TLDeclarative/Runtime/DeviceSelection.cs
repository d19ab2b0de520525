using TorchSharp;
using static TorchSharp.torch;

namespace TLDeclarative.Runtime;

/// <summary>
/// Chooses the one device a run uses. Every tensor of the run is created on it, so replacing the
/// TorchSharp-cpu package with a CUDA libtorch package is all a GPU user changes.
/// </summary>
public static class DeviceSelection
{
    /// <summary>"auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".</summary>
    public static Device Choose(string request = "auto")
    {
        TorchNative.EnsureLoaded();
        var normalized = request.Trim().ToLowerInvariant();
        if (normalized == "auto")
            return cuda.is_available() ? CUDA : CPU;
        if (normalized == "cpu")
            return CPU;
        if (normalized.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new ArgumentException(
                    $"Device '{request}' was asked for, but CUDA is not available: this build uses the CPU libtorch "
                    + "(TorchSharp-cpu), or no GPU/driver is present. Use --device auto or cpu, or reference a CUDA libtorch package.");
            }

            return torch.device(normalized);
        }

        throw new ArgumentException($"Unknown device '{request}'; use auto, cpu, cuda or cuda:N.");
    }
}
