using System.Runtime.CompilerServices;
using TLDeclarative.Runtime;

namespace TLDeclarative.Tests.Support;

/// <summary>
/// Settles the convolution guard's native environment before any test's first TorchSharp call, as the
/// run time's own entry points do (a TL_CONV_GUARD=cap in CI must reach libtorch before its first convolution).
/// </summary>
internal static class ConvolutionGuardSetup
{
#pragma warning disable CA2255 // A test assembly's initializer is the one place that runs before every test.
    [ModuleInitializer]
    internal static void Initialize() => ConvolutionGuard.PrepareNativeEnvironment();
#pragma warning restore CA2255
}
