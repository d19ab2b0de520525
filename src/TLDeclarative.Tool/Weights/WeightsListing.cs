using System.Globalization;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Weights;

namespace TLDeclarative.Tool.Weights;

/// <summary>The table as aligned text: architecture, weights name, top-1, file format, file, cached or not.</summary>
internal static class WeightsListing
{
    public static void Write(TextWriter output, WeightsEnvironment environment)
    {
        output.WriteLine($"Cache: {environment.CacheFolder}   Source: {environment.BaseUrl}{(environment.Offline ? "   (offline)" : "")}");
        output.WriteLine($"{"architecture",-19} {"weights",-25} {"top-1",6}  {"format",-7} {"file",-34} cached");
        foreach (var w in PretrainedWeightsTable.All)
        {
            var name = BuiltInBackbones.OfficialWeights(w.Architecture, PretrainedWeightsTable.ImageNet) == w ? $"{w.Name} (imagenet)" : w.Name;
            var cached = File.Exists(Path.Combine(environment.CacheFolder, w.FileName)) ? "yes" : "no";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Architecture,-19} {name,-25} {w.Top1,6:0.000}  {Format(w.Format),-7} {w.FileName,-34} {cached}"));
        }

        output.WriteLine("resnet18 with weights imagenet (or none) is the embedded CNTK ResNet-18 (2-2-2-3 blocks, no download); IMAGENET1K_V1 selects torchvision's resnet18.");
    }

    private static string Format(WeightsFileFormat format) => format switch
    {
        WeightsFileFormat.Zip => "zip",
        WeightsFileFormat.Legacy => "legacy",
        _ => "?",
    };
}
