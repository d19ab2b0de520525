namespace TLDeclarative.Weights;

/// <summary>
/// PyTorch's own weights cache, so that files a user already has from PyTorch are reused and ours are
/// reused by PyTorch: <c>$TORCH_HOME/hub/checkpoints</c>, where TORCH_HOME defaults to
/// <c>$XDG_CACHE_HOME/torch</c> and XDG_CACHE_HOME to <c>~/.cache</c> (torch.hub's rules).
/// </summary>
public static class WeightsCache
{
    /// <summary>The cache folder for this process's environment.</summary>
    public static string Folder() =>
        Folder(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string Folder(Func<string, string?> environment, string home)
    {
        var torchHome = NonEmpty(environment("TORCH_HOME"))
            ?? Path.Combine(NonEmpty(environment("XDG_CACHE_HOME")) ?? Path.Combine(home, ".cache"), "torch");
        return Path.Combine(torchHome, "hub", "checkpoints");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
