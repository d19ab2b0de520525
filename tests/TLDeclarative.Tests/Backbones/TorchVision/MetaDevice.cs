using TorchSharp;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>
/// Tests that build many large networks only to count parameters and propagate shapes do it on the
/// meta device: tensors have shapes but no storage, so VGG's 120M-parameter classifier costs nothing.
/// The default device is process-wide, so these tests run alone (no parallel test sees "meta").
/// </summary>
[CollectionDefinition(nameof(MetaDevice), DisableParallelization = true)]
public sealed class MetaDevice
{
    public static T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var previous = torch.get_default_device();
        torch.set_default_device(torch.META);
        try
        {
            return work();
        }
        finally
        {
            torch.set_default_device(previous);
        }
    }
}
