using System.IO.Compression;
using TLDeclarative.Augmentation;
using TLDeclarative.Freezing;
using TLDeclarative.Heads;
using TLDeclarative.Hosting;
using TLDeclarative.Inference;
using TLDeclarative.Reporting;
using TLDeclarative.Tests.Support;
using TLDeclarative.Training;
using TLDeclarative.Training.Callbacks;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Hosting;

/// <summary>checkpoints/last and best: atomic writes, and the checks a resume makes before trusting one.</summary>
public sealed class CheckpointTests
{
    private const string Spec = "experiment: Tiny\nphases:\n  - name: head\n    optimizer:\n      adam:\n        learning_rate: 0.001\n  - name: tune\n    epochs: 2\n";

    [Fact]
    public void Last_is_written_every_epoch_and_best_only_when_the_metric_improves()
    {
        using var folder = new TempFolder();
        var checkpoints = Checkpoints(folder.Path, Spec);
        using var model = TinyModels.TwoClass();

        checkpoints.Save(model, Checkpoint(1, isBest: true));
        var bestAfterEpoch1 = File.ReadAllBytes(checkpoints.BestPath);
        checkpoints.Save(model, Checkpoint(2, isBest: false));

        Assert.Equal(2, ModelBundle.ReadManifest(checkpoints.LastPath).EpochsTrained);
        Assert.Equal(bestAfterEpoch1, File.ReadAllBytes(checkpoints.BestPath));
        Assert.Equal(1, ModelBundle.ReadManifest(checkpoints.BestPath).EpochsTrained);
        Assert.NotNull(ModelBundle.ReadEntry(checkpoints.LastPath, "optimizer.dat"));
        Assert.Null(ModelBundle.ReadEntry(checkpoints.BestPath, "optimizer.dat"));
        Assert.Equal(["best.tlmodel", "last.tlmodel"], Directory.GetFiles(checkpoints.Folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_failure_in_the_middle_of_a_write_leaves_the_previous_checkpoint_intact_and_loadable()
    {
        using var folder = new TempFolder();
        var checkpoints = Checkpoints(folder.Path, Spec);
        using var model = TinyModels.TwoClass(seed: 1);
        checkpoints.Save(model, Checkpoint(1, isBest: false));
        var before = File.ReadAllBytes(checkpoints.LastPath);
        var manifest = ModelBundle.ReadManifest(checkpoints.LastPath);

        // The weights are already in the zip when the next entry fails half-way (a full disk, a crash).
        var error = Assert.Throws<IOException>(() => ModelBundle.Save(checkpoints.LastPath, ModelBundle.WeightsOf(model), manifest, Spec, [new BundleEntry("training-state.json", s =>
        {
            s.Write(new byte[4096]);
            throw new IOException("No space left on device");
        })]));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(before, File.ReadAllBytes(checkpoints.LastPath));
        Assert.Equal(["last.tlmodel"], Directory.GetFiles(checkpoints.Folder).Select(Path.GetFileName));
        using var resumed = TinyModels.TwoClass(seed: 2);
        var checkpoint = checkpoints.Resume(resumed, folder.Combine("Tiny.tlmodel"));
        Assert.Equal(1, checkpoint.State.Epoch);
        Assert.Equal(ModelBundle.WeightsOf(model), ModelBundle.WeightsOf(resumed));
    }

    [Fact]
    public void Resuming_with_a_changed_spec_names_the_changed_keys()
    {
        using var folder = new TempFolder();
        using var model = TinyModels.TwoClass();
        Checkpoints(folder.Path, Spec).Save(model, Checkpoint(1, isBest: false));
        var changed = Spec.Replace("learning_rate: 0.001", "learning_rate: 0.002", StringComparison.Ordinal).Replace("epochs: 2", "epochs: 2\n    freeze: all", StringComparison.Ordinal);

        var error = Assert.Throws<ResumeException>(() => Checkpoints(folder.Path, changed).Resume(model, folder.Combine("Tiny.tlmodel")));

        Assert.Contains("the spec changed since the checkpoint (phases[0].optimizer.adam.learning_rate: 0.001 -> 0.002; phases[1].freeze added (all))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_other_run_options_says_which()
    {
        using var folder = new TempFolder();
        using var model = TinyModels.TwoClass();
        Checkpoints(folder.Path, Spec).Save(model, Checkpoint(1, isBest: false));

        var error = Assert.Throws<ResumeException>(() => Checkpoints(folder.Path, Spec, new TrainOptions { Seed = 8, Epochs = [1, 3] }).Resume(model, folder.Combine("Tiny.tlmodel")));

        Assert.Contains("the run's settings changed (seed: 1 -> 8; epochs per phase: 2 1 -> 1 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_whose_weights_do_not_match_their_hash_is_refused()
    {
        using var folder = new TempFolder();
        var checkpoints = Checkpoints(folder.Path, Spec);
        using var model = TinyModels.TwoClass();
        checkpoints.Save(model, Checkpoint(1, isBest: false));
        using (var zip = ZipFile.Open(checkpoints.LastPath, ZipArchiveMode.Update))
        {
            var weights = zip.GetEntry("weights.dat")!;
            using var content = new MemoryStream();
            using (var stream = weights.Open())
                stream.CopyTo(content);
            var bytes = content.ToArray();
            bytes[^1] ^= 0x40;
            weights.Delete();
            using var replaced = zip.CreateEntry("weights.dat").Open();
            replaced.Write(bytes);
        }

        var error = Assert.Throws<ResumeException>(() => checkpoints.Resume(model, folder.Combine("Tiny.tlmodel")));

        Assert.Contains("its weights do not match the hash recorded with them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_finished_run_says_so_and_a_missing_checkpoint_is_explained()
    {
        using var folder = new TempFolder();
        var checkpoints = Checkpoints(folder.Path, Spec);
        using var model = TinyModels.TwoClass();
        var bundle = folder.Combine("Tiny.tlmodel");
        var missing = Assert.Throws<ResumeException>(() => checkpoints.Resume(model, bundle));
        checkpoints.Save(model, Checkpoint(3, isBest: false, finished: true));
        File.Move(checkpoints.LastPath, bundle);

        var finished = Assert.Throws<ResumeException>(() => checkpoints.Resume(model, bundle));

        Assert.Equal($"Cannot resume: there is no checkpoint '{checkpoints.LastPath}'. Start a new run (without --resume).", missing.Message);
        Assert.Equal($"The run '{folder.Path}' already finished (3 epochs); its model is '{bundle}'. Nothing to resume.", finished.Message);
    }

    private static RunCheckpoints Checkpoints(string output, string spec, TrainOptions? options = null)
    {
        var definition = new ExperimentDefinition
        {
            Name = "Tiny",
            SpecFile = "tiny.tl.yaml",
            SpecText = "experiment: Tiny # as written\n",
            NormalizedSpec = spec,
            Seed = 1,
            Classes = ["cats", "dogs"],
            Data = new DataSettings("train", "validation", null, 32, 32, 4),
            Augmentation = AugmentationSettings.None,
            Phases =
            [
                new PhaseDefinition("head", FreezePolicy.All, 1, 2, p => optim.Adam(p)),
                new PhaseDefinition("tune", FreezePolicy.None, 3, 3, p => optim.Adam(p)),
            ],
            Output = output,
            BuildModel = () => TinyModels.TwoClass(),
        };
        return new RunCheckpoints(definition, RunSettings.Resolve(definition, (options ?? new TrainOptions()) with { Output = output }), output);
    }

    private static TrainingCheckpoint Checkpoint(int epochs, bool isBest, bool finished = false)
    {
        var history = new TrainingHistory(Enumerable.Range(1, epochs).Select(e => new EpochMetrics("head", 0, e, 0.5 / e, 0.5, 0.6, 0.5, 1e-3, 1, 10)));
        var state = new TrainingState(0, epochs, 1, 0, finished, finished, null, new ImprovementState(0.6, 1, epochs - 1));
        return new TrainingCheckpoint(state, history, finished ? null : [1, 2, 3], null) { IsBest = isBest };
    }
}
