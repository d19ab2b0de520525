using System.Globalization;
using System.Security.Cryptography;

namespace TLDeclarative.Weights;

/// <summary>
/// A cached file is hashed once: the sidecar <c>&lt;file&gt;.verified</c> records its SHA-256 with the
/// size and modification time it had. While both are unchanged the file is trusted without hashing
/// again; a file replaced or truncated since (other size or time) is hashed again.
/// </summary>
public static class VerifiedMarker
{
    public const string Extension = ".verified";

    public static string PathOf(string file) => file + Extension;

    /// <summary>The recorded SHA-256 when the marker still describes <paramref name="file"/>, else null.</summary>
    public static string? Recorded(string file)
    {
        var marker = PathOf(file);
        if (!File.Exists(marker) || !File.Exists(file)) return null;
        var parts = File.ReadAllText(marker).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3) return null;
        var info = new FileInfo(file);
        return parts[1] == info.Length.ToString(CultureInfo.InvariantCulture) && parts[2] == Stamp(info) ? parts[0] : null;
    }

    /// <summary>Hashes <paramref name="file"/> and records the result; returns the SHA-256 (lower-case hex).</summary>
    public static string HashAndRecord(string file)
    {
        var hash = Sha256(file);
        Record(file, hash);
        return hash;
    }

    public static void Record(string file, string sha256)
    {
        var info = new FileInfo(file);
        var text = $"{sha256} {info.Length.ToString(CultureInfo.InvariantCulture)} {Stamp(info)}\n";
        var temporary = PathOf(file) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, PathOf(file), overwrite: true);
    }

    public static void Delete(string file) => File.Delete(PathOf(file));

    public static string Sha256(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Stamp(FileInfo info) => info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
}
