using TLDeclarative.Spec;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Tool.Validation;
using TLDeclarative.Weights;

namespace TLDeclarative.Tool.Weights;

/// <summary><c>tl weights fetch</c>: resolves each target to weights requests, then fetches them one by one.</summary>
internal static class WeightsFetch
{
    public static int Run(IReadOnlyList<string> targets, string weights, string? url, string? sha256, WeightsEnvironment environment, TextWriter output, TextWriter error)
    {
        var requests = new List<WeightsRequest>();
        if (url is not null || sha256 is not null)
        {
            if (url is null || sha256 is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                error.WriteLine("tl: --url needs an absolute URL and --sha256 its 64-hex-digit SHA-256.");
                return ExitCodes.Usage;
            }

            try
            {
                requests.Add(WeightsRequest.Custom(uri.ToString(), uri, sha256));
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"tl: {e.Message}");
                return ExitCodes.Usage;
            }
        }

        foreach (var target in targets)
        {
            if (!AddTarget(target, weights, environment, requests, error))
                return ExitCodes.Usage;
        }

        if (requests.Count == 0)
        {
            error.WriteLine("tl: nothing to fetch: name architectures, spec files or folders, or --url with --sha256.");
            return ExitCodes.Usage;
        }

        var resolver = new WeightsResolver(environment, new WeightsDownloader(new DownloadProgress(output, interactive: false)));
        var failed = 0;
        foreach (var request in requests.DistinctBy(r => r.FileName))
        {
            try
            {
                output.WriteLine($"{request.Owner}: {resolver.Resolve(request)}");
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                error.WriteLine($"tl: {e.Message}");
                failed++;
            }
        }

        return failed > 0 ? ExitCodes.Invalid : ExitCodes.Valid;
    }

    // An architecture name, or specs whose backbones name official weights (others need nothing fetched).
    private static bool AddTarget(string target, string weights, WeightsEnvironment environment, List<WeightsRequest> requests, TextWriter error)
    {
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            if (BuiltInBackbones.Find(target) is null)
            {
                error.WriteLine($"tl: '{target}' is neither a catalogue architecture nor a spec file or folder.");
                return false;
            }

            var official = BuiltInBackbones.OfficialWeights(target, weights); // resnet18 imagenet: the embedded network
            if (official is null)
            {
                error.WriteLine($"tl: {target} has no official weights '{weights}'; known: imagenet, {string.Join(", ", PretrainedWeightsTable.For(target).Select(w => w.Name))}.");
                return false;
            }

            requests.Add(WeightsRequest.Official(official, environment));
            return true;
        }

        var search = SpecFileSearch.Find([target]);
        foreach (var problem in search.Problems) error.WriteLine($"tl: {problem}");
        foreach (var file in search.Files)
        {
            var backbone = SpecLoader.LoadFile(file).Document?.Spec.Backbone;
            if (backbone is not null && backbone.Onnx is null && BuiltInBackbones.OfficialWeights(backbone.Name, backbone.Weights) is { } official)
                requests.Add(WeightsRequest.Official(official, environment));
        }

        return search.Problems.Count == 0;
    }
}
