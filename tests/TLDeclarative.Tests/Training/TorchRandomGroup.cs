namespace TLDeclarative.Tests.Training;

/// <summary>
/// Tests that compare two training runs number for number: dropout draws from torch's one global
/// generator, so they must not run beside other tests that draw from it too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomGroup
{
    public const string Name = "Torch global random generator";
}
