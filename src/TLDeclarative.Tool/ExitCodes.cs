namespace TLDeclarative.Tool;

/// <summary>What <c>tl</c> returns, so a CI step can tell a bad spec from a bad command line.</summary>
public static class ExitCodes
{
    /// <summary>Every spec is valid (warnings and info messages allowed).</summary>
    public const int Valid = 0;

    /// <summary>At least one spec has an error.</summary>
    public const int Invalid = 1;

    /// <summary>The command could not do what was asked: bad arguments, a path that does not exist, no spec found, a file that cannot be read.</summary>
    public const int Usage = 2;
}
