using TorchSharp;

namespace TLDeclarative.Runtime;

/// <summary>
/// Makes sure TorchSharp's native library loads, and turns the usual failure (an old libstdc++)
/// into a message that says what is missing and how to fix it, instead of a raw stack trace.
/// Also settles the <see cref="ConvolutionGuard"/> before the first convolution.
/// </summary>
public static class TorchNative
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    /// <summary>Throws <see cref="TorchNativeException"/> with a fix-it message when libtorch cannot be used.</summary>
    public static void EnsureLoaded()
    {
        ConvolutionGuard.PrepareNativeEnvironment();
        LoadOrThrow();
        _ = ConvolutionGuard.State;
    }

    /// <summary>Loads libtorch without consulting the convolution guard (the guard itself needs this).</summary>
    internal static void LoadOrThrow()
    {
        if (LoadFailure.Value is { } failure)
            throw new TorchNativeException(Explain(failure), failure);
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.ones(1);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException)
        {
            return e;
        }
    }

    private static string Explain(Exception failure)
    {
        var detail = Innermost(failure).Message;
        var hint = OperatingSystem.IsLinux() && !LibStdCxxHasGlibcxx3432()
            ? "The system's libstdc++ lacks GLIBCXX_3.4.32 (GCC 13 or newer), which TorchSharp's native library needs. "
              + "Run `eng/install-prereqs.sh` once (on Debian 12 it installs libstdc++6 from Debian 13 with apt pinning), "
              + "or install a newer libstdc++ with your package manager."
            : "Check that the TorchSharp-cpu (or a CUDA libtorch) package restored for this platform, "
              + "and run `eng/install-prereqs.sh` on Linux.";
        return $"TorchSharp's native library could not be loaded: {detail}{Environment.NewLine}{hint}";
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static bool LibStdCxxHasGlibcxx3432()
    {
        string[] candidates =
        [
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        ];
        foreach (var path in candidates.Where(File.Exists))
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf("GLIBCXX_3.4.32"u8) >= 0)
                return true;
        }

        return false;
    }
}

/// <summary>TorchSharp's native library cannot be used on this machine; the message says how to fix it.</summary>
public sealed class TorchNativeException : Exception
{
    public TorchNativeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
