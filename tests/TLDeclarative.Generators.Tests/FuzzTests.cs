using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using TLDeclarative.Generators.Tests.Support;
using Xunit.Abstractions;

namespace TLDeclarative.Generators.Tests;

/// <summary>
/// A generator never throws: 10,000 mutated and hostile spec documents (seeded, so a failure
/// reproduces) go through the real generator driver. None may crash it, none may produce a
/// generator-failure diagnostic, and every diagnostic must point inside its file.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DocumentCount = 10_000;
    private const int FilesPerRun = 250;

    [Fact]
    public void Ten_thousand_mutated_and_hostile_documents_never_break_the_generator()
    {
        var seeds = new[] { "cats-vs-dogs", "flowers", "fashion-sgd", "odd-strings" }.Select(name => TestFiles.Spec(name).Text).ToArray();
        var random = new Random(20261128);
        var clock = Stopwatch.StartNew();
        var generated = 0;
        var withErrors = 0;

        for (var start = 0; start < DocumentCount; start += FilesPerRun)
        {
            var files = Enumerable.Range(start, FilesPerRun)
                .Select(i => ($"/fuzz/doc{i}.tl.yaml", SpecMutator.Next(random, seeds, i)))
                .ToArray();
            var result = GeneratorRun.Run(files);
            var texts = files.ToDictionary(f => f.Item1, f => f.Item2);

            Assert.All(result.Results, r => Assert.Null(r.Exception));
            var diagnostics = result.AllDiagnostics();
            var failure = diagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785" or "AD0001" or "TLD9999");
            Assert.True(failure is null, failure is null ? null : $"{failure} for:\n{texts[failure.Location.GetLineSpan().Path]}");
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource || d.Location.Kind == LocationKind.ExternalFile))
            {
                var path = diagnostic.Location.GetLineSpan().Path;
                Assert.InRange(diagnostic.Location.SourceSpan.End, 0, texts[path].Length);
            }

            generated += result.GeneratedTrees.Length;
            withErrors += diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Location.GetLineSpan().Path).Distinct().Count();
        }

        output.WriteLine($"{DocumentCount} documents in {clock.Elapsed.TotalSeconds:F1} s: {generated} generated, {withErrors} with errors");
        Assert.True(generated > 0 && withErrors > DocumentCount / 2, $"the corpus should hold both valid and broken specs ({generated} generated, {withErrors} with errors)");
    }
}

/// <summary>Makes spec documents: mutations of real specs, and outright hostile ones.</summary>
internal static class SpecMutator
{
    private static readonly string[] Fragments =
    [
        ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/object:os.system ", "'", "\"", "\t", "\r\n", "\n",
        "\0", "\uFEFF", "#", "|", ">", "? ", "%YAML 1.2\n", "---\n", "...\n", "\\", "\u2028", "\ud800", "1e999", "-0", ".nan",
        ".inf", "99999999999999999999", "~", "null", "yes", "0x1F", "<<: *a\n", "\"); System.Environment.Exit(1); //",
    ];

    /// <summary>Document <paramref name="index"/>: its experiment name is made unique first, so valid mutants are generated, not reported as duplicates.</summary>
    public static string Next(Random random, IReadOnlyList<string> seeds, int index) => random.Next(10) switch
    {
        0 => Hostile(random),
        _ => Mutate(random, ExperimentName.Replace(seeds[random.Next(seeds.Count)], "experiment: $1_" + index.ToString(CultureInfo.InvariantCulture), 1)),
    };

    private static readonly Regex ExperimentName = new(@"experiment: (\w+)", RegexOptions.CultureInvariant);

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(9))
            {
                case 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(12)));
                    break;
                case 1:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    builder.Insert(at, (char)random.Next(0x20, 0x7F));
                    break;
                case 3:
                    builder.Length = at; // truncated file
                    break;
                case 4:
                    builder.Insert(at, new string('x', 1 + random.Next(20_000)));
                    break;
                case 5:
                    var lines = builder.ToString().Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    lines.Insert(line, lines[random.Next(lines.Count)]); // duplicated line (duplicate keys, bad indentation)
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
                case 6:
                    builder.Replace("\n", "\r\n");
                    break;
                case 7:
                    builder.Insert(0, '\uFEFF');
                    break;
                default:
                    builder.Replace(": 3", ": " + Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Hostile(Random random) => random.Next(6) switch
    {
        0 => new string(Enumerable.Range(0, random.Next(4096)).Select(_ => (char)random.Next(0, 0xD7FF)).ToArray()),
        1 => new string('[', random.Next(1, 5000)) + new string(']', random.Next(0, 5000)),
        2 => string.Concat(Enumerable.Range(0, random.Next(1, 400)).Select(i => new string(' ', i) + "k:\n")),
        3 => AliasBomb(random.Next(3, 12)),
        4 => "experiment: " + new string('A', random.Next(1, 300_000)),
        _ => string.Concat(Enumerable.Repeat("- ", random.Next(1, 5000))) + "x",
    };

    /// <summary>"Billion laughs": each level holds ten aliases to the level before.</summary>
    private static string AliasBomb(int levels)
    {
        var builder = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < levels; i++)
            builder.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        builder.Append(CultureInfo.InvariantCulture, $"experiment: Bomb\nclasses: *a{levels - 1}\nphases: *a{levels - 1}\n");
        return builder.ToString();
    }
}
