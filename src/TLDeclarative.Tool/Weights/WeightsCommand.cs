using System.CommandLine;
using TLDeclarative.Weights;

namespace TLDeclarative.Tool.Weights;

/// <summary>
/// <c>tl weights list | fetch | verify</c>: torchvision's ImageNet weights table and PyTorch's cache, for
/// prefetching on a connected machine and copying the cache to an offline one.
/// </summary>
internal static class WeightsCommand
{
    public static Command Create(TextWriter output, TextWriter error) => Create(output, error, WeightsEnvironment.Current);

    public static Command Create(TextWriter output, TextWriter error, Func<WeightsEnvironment> environment)
    {
        var command = new Command("weights", "torchvision's ImageNet weights: list them, fetch them into PyTorch's cache ($TORCH_HOME/hub/checkpoints), verify the cache.");
        command.Subcommands.Add(ListCommand(output, environment));
        command.Subcommands.Add(FetchCommand(output, error, environment));
        command.Subcommands.Add(VerifyCommand(output, error, environment));
        return command;
    }

    private static Command ListCommand(TextWriter output, Func<WeightsEnvironment> environment)
    {
        var command = new Command("list", "List every architecture's official weights (imagenet marks torchvision's DEFAULT) and whether each file is cached.");
        command.SetAction(_ =>
        {
            WeightsListing.Write(output, environment());
            return ExitCodes.Valid;
        });
        return command;
    }

    private static Command FetchCommand(TextWriter output, TextWriter error, Func<WeightsEnvironment> environment)
    {
        var targets = new Argument<string[]>("targets")
        {
            Description = "Architecture names (mobilenet_v2), or spec files / folders of *.tl.yaml whose backbones' official weights to fetch.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var weights = new Option<string>("--weights") { Description = "Weights name for architecture targets: imagenet (torchvision's DEFAULT) or IMAGENET1K_V1, IMAGENET1K_V2.", DefaultValueFactory = _ => "imagenet" };
        var url = new Option<string?>("--url") { Description = "A custom weights URL (with --sha256) instead of targets." };
        var sha256 = new Option<string?>("--sha256") { Description = "The full SHA-256 (64 hex digits) of the --url file." };
        var command = new Command("fetch", "Download weights into the cache (verified, resumable); exit code 1 when one could not be fetched.") { targets, weights, url, sha256 };
        command.SetAction(parsed => WeightsFetch.Run(
            parsed.GetValue(targets) ?? [], parsed.GetValue(weights)!, parsed.GetValue(url), parsed.GetValue(sha256), environment(), output, error));
        return command;
    }

    private static Command VerifyCommand(TextWriter output, TextWriter error, Func<WeightsEnvironment> environment)
    {
        var command = new Command("verify", "Hash every cached official weights file again; exit code 1 when one does not have the SHA-256 its name promises.");
        command.SetAction(_ => WeightsVerify.Run(environment(), output, error));
        return command;
    }
}
