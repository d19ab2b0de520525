using System.Runtime.InteropServices;
using System.Text;

namespace TLDeclarative.Runtime;

/// <summary>
/// The C library's environment, which native code (libtorch, oneDNN) reads. On Linux and macOS
/// .NET keeps its own copy, so <see cref="Environment.SetEnvironmentVariable(string, string)"/> never
/// reaches native code; libc's <c>setenv</c> does.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> for native code (and for .NET, so both agree).</summary>
    public static void Set(string name, string value)
    {
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        Environment.SetEnvironmentVariable(name, value);
    }

    // DllImport, not LibraryImport: the source-generated form needs unsafe code in the whole assembly.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static int SetEnv(string name, string value, int overwrite) => SetEnv(CString(name), CString(value), overwrite);

    private static byte[] CString(string text) => Encoding.UTF8.GetBytes(text + "\0");
#pragma warning restore SYSLIB1054
}
