using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.Backbones;

/// <summary>
/// Random weights for the "none" baseline, as torchvision initialises a ResNet: Kaiming-normal
/// (fan-out, ReLU) convolutions, BatchNorm weight 1 / bias 0 with fresh running statistics.
/// Uses torch's global generator, so torch.manual_seed makes it repeatable.
/// </summary>
internal static class FreshInitialization
{
    public static void Apply(nn.Module network)
    {
        using var _ = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    conv.bias?.zero_();
                    break;
                case BatchNorm2d norm:
                    norm.reset_parameters();
                    break;
                case Linear linear:
                    // torch's own Linear default: Kaiming-uniform weight, bias within 1/sqrt(fan-in).
                    nn.init.kaiming_uniform_(linear.weight, a: Math.Sqrt(5));
                    var bound = 1 / Math.Sqrt(linear.weight.shape[1]);
                    linear.bias?.uniform_(-bound, bound);
                    break;
            }
        }
    }
}
