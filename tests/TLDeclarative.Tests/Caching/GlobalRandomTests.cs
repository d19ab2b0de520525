namespace TLDeclarative.Tests.Caching;

/// <summary>
/// Tests that compare two runs draw dropout masks from torch's global generator; a test running in
/// parallel would draw from it too and make the runs differ. These run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomTests
{
    public const string Name = "Global torch random generator";
}
