using System.Text.RegularExpressions;
using TLDeclarative.Backbones;
using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Runtime;
using TLDeclarative.Tests.Support;
using TLDeclarative.Tests.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Backbones.TorchVision;

/// <summary>
/// Weight files in every format load into the backbone under torchvision's key names (classifier keys
/// skipped): files are made by saving a complete TorchVision network, then the backbone must compute
/// exactly what that network computes. No download: the networks are randomly initialised.
/// </summary>
/// <remarks>
/// In the group of tests that draw from torch's global generator: the seeded weights must be the same every
/// run. With other tests drawing beside it, googlenet's weights changed from run to run, and so did its
/// float32 rounding difference (4.6e-5 to 8.4e-5 over seeds 0..11; above 1e-4 once in a full run).
/// </remarks>
[Collection(TorchRandomGroup.Name)]
public sealed class TorchVisionWeightFileTests
{
    [Theory]
    [InlineData(".dat")]
    [InlineData(".pt")]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    public void A_saved_torchvision_network_loads_in_every_format(string extension)
    {
        using var folder = new TempFolder();
        random.manual_seed(1);
        using var network = torchvision.models.mobilenet_v3_small();
        var path = folder.Combine("mobilenet_v3_small" + extension);
        Save(network, path);

        using var backbone = (TorchVisionBackbone)BackboneCatalog.Create("mobilenet_v3_small", path);

        Assert.Equal(path, backbone.WeightsPath);
        Assert.Equal(0, TorchVisionParity.MaxLogitDifference(network, "classifier", backbone, 64));
    }

    [Theory]
    [InlineData("resnet18", "fc", 64)]
    [InlineData("mobilenet_v2", "classifier", 64)]
    [InlineData("googlenet", "fc", 64)]
    public void The_backbone_computes_what_the_torchvision_network_computes(string name, string classifier, int size)
    {
        using var folder = new TempFolder();
        random.manual_seed(2);
        // googlenet as torchvision builds it for ImageNet weights (transform_input).
        using nn.Module<Tensor, Tensor> network = name switch
        {
            "resnet18" => torchvision.models.resnet18(),
            "mobilenet_v2" => torchvision.models.mobilenet_v2(),
            _ => torchvision.models.googlenet(transform_input: true),
        };
        var path = folder.Combine(name + ".safetensors");
        network.save_safetensors(path);
        // The reference runs through the convolution guard too: plain oneDNN gets googlenet's 24-channel
        // 3x3 convolutions wrong on AVX-512 CPUs, and the backbone does not (docs/numerics.md).
        GuardedConvolution.Protect(network);

        using var backbone = TorchVisionBackbone.Create(name, path);

        Assert.True(TorchVisionParity.MaxLogitDifference(network, classifier, backbone, size) < 1e-4);
    }

    [Fact]
    public void A_saved_backbone_loads_back_with_identical_outputs()
    {
        using var folder = new TempFolder();
        random.manual_seed(3);
        using var original = TorchVisionBackbone.Create("mobilenet_v3_small");
        var path = folder.Combine("backbone.dat");
        original.save(path);

        using var loaded = TorchVisionBackbone.Create("mobilenet_v3_small", path);

        original.eval();
        loaded.eval();
        using var noGrad = no_grad();
        using var input = rand(2, 3, 48, 48);
        Assert.True(original.call(input).equal(loaded.call(input)).all().item<bool>());
        Assert.DoesNotContain(loaded.state_dict().Keys, k => k.StartsWith("classifier.", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_unexpected_and_reshaped_keys_are_listed()
    {
        using var folder = new TempFolder();
        using var network = torchvision.models.mobilenet_v3_small();
        var state = network.state_dict();
        state.Remove("features.0.0.weight");
        state.Remove("features.12.1.running_var");
        state.Remove("features.12.1.num_batches_tracked"); // old PyTorch files lack these: accepted
        state["extra.weight"] = zeros(3);
        state["features.0.1.bias"] = zeros(17);
        var path = folder.Combine("edited.safetensors");
        Safetensors.SaveStateDict(path, state);

        var error = Assert.Throws<InvalidDataException>(() => TorchVisionBackbone.Create("mobilenet_v3_small", path));

        Assert.Equal(
            $"'{path}' does not hold the weights of torchvision's mobilenet_v3_small (240 keys expected; classifier keys avgpool.*, classifier.* are skipped): " +
            "missing 2 key(s): features.0.0.weight, features.12.1.running_var; unexpected 1 key(s): extra.weight; " +
            "other shapes 1 key(s): features.0.1.bias [17] (expected [16]).",
            error.Message);
    }

    [Fact]
    public void Another_architectures_file_lists_the_first_ten_keys_and_a_count()
    {
        using var folder = new TempFolder();
        using var network = torchvision.models.mobilenet_v3_small();
        var path = folder.Combine("small.pth");
        network.save_py(path);

        var error = Assert.Throws<InvalidDataException>(() => TorchVisionBackbone.Create("mobilenet_v2", path));

        Assert.StartsWith($"'{path}' does not hold the weights of torchvision's mobilenet_v2 (312 keys expected; classifier keys classifier.* are skipped): missing ", error.Message, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(error.Message, @"; unexpected \d+ key\(s\): features\.1\.block\.0\.0\.weight, (\S+, ){8}\S+ and \d+ more[;.]"), error.Message);
        Assert.Matches(@"missing \d+ key\(s\): (\S+, ){9}\S+ and \d+ more;", error.Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("nowhere", "resnet18.pth");

        var error = Assert.Throws<FileNotFoundException>(() => BackboneCatalog.Create("resnet18", path));

        Assert.Equal($"Weight file '{path}' does not exist.", error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void A_file_that_is_not_a_state_dict_says_which_format_was_expected()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("broken.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        var error = Assert.Throws<InvalidDataException>(() => TorchVisionBackbone.Create("alexnet", path));

        Assert.StartsWith($"'{path}' could not be read as a safetensors file: ", error.Message, StringComparison.Ordinal);
    }

    private static void Save(nn.Module network, string path)
    {
        switch (Path.GetExtension(path))
        {
            case ".dat": network.save(path); break;
            case ".safetensors": network.save_safetensors(path); break;
            default: network.save_py(path); break;
        }
    }
}
