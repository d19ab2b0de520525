using System.Text;
using SkiaSharp;
using TLDeclarative.Reporting;
using TLDeclarative.Runs.TensorBoard;
using TLDeclarative.Tests.Support;

namespace TLDeclarative.Tests.Runs;

/// <summary>The event files a run writes, read back by <see cref="TensorBoardReader"/> (written from the specifications).</summary>
public sealed class TensorBoardLogTests
{
    [Fact]
    public void The_readers_crc32c_is_castagnoli()
    {
        // The CRC-32C check value (RFC 3720, appendix B.4): CRC of "123456789".
        Assert.Equal(0xE3069283u, TensorBoardReader.Crc32C(Encoding.ASCII.GetBytes("123456789")));
        // 32 bytes of zeros, from the same appendix.
        Assert.Equal(0x8A9136AAu, TensorBoardReader.Crc32C(new byte[32]));
    }

    [Fact]
    public void Epoch_scalars_final_evaluation_and_hparams_sessions_read_back()
    {
        using var folder = new TempFolder();
        var png = Png(40, 30);
        File.WriteAllBytes(folder.Combine("confusion.png"), png);
        var before = DateTimeOffset.UtcNow;
        var started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using (var log = new TensorBoardLog(folder.Path))
        {
            log.SessionStarted(new Dictionary<string, object> { ["phases[1].optimizer.rmsprop.learning_rate"] = 1e-5, ["augmentation.horizontal_flip"] = true, ["backbone.name"] = "resnet18" }, started);
            log.Epoch(new EpochMetrics("feature_extraction", 0, 1, 0.75, 0.5, 0.625, 0.25, 1e-4, 1, 10));
            log.Epoch(new EpochMetrics("fine_tuning", 1, 2, 0.5, 0.75, null, null, 1e-5, 1, 10));
            log.Resumed(2);
            log.FinalEvaluation(TensorBoardLog.ValidationFolder, 2, 0.375, 0.875, folder.Combine("confusion.png"));
            log.SessionEnded(started.AddSeconds(90));
        }

        var train = TensorBoardReader.Read(Directory.GetFiles(folder.Combine("train")).Single());
        // First event: the file version, stamped with the real time (TorchSharp's writer gets this wrong).
        Assert.Equal("brain.Event:2", train[0].FileVersion);
        Assert.InRange(train[0].WallTime, before.ToUnixTimeSeconds() - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(
            [(1L, "epoch_loss", 0.75f), (1, "epoch_accuracy", 0.5f), (1, "epoch_learning_rate", 1e-4f), (1, "epoch_phase", 0f),
             (2, "epoch_loss", 0.5f), (2, "epoch_accuracy", 0.75f), (2, "epoch_learning_rate", 1e-5f), (2, "epoch_phase", 1f)],
            train.Where(e => e.Values.Count > 0).Select(e => (e.Step, e.Values.Single().Tag, e.Values.Single().Simple!.Value)));
        // A resumed session marks where it re-trains from (SessionLog.START = 1).
        Assert.Equal((2L, 1), train.Where(e => e.SessionLogStatus is not null).Select(e => (e.Step, e.SessionLogStatus!.Value)).Single());

        var validation = TensorBoardReader.Read(Directory.GetFiles(folder.Combine("validation")).Single());
        var values = validation.Where(e => e.Values.Count > 0).Select(e => (e.Step, Value: e.Values.Single())).ToList();
        Assert.Equal(
            [(1L, "epoch_loss"), (1, "epoch_accuracy"), (2, "final_loss"), (2, "final_accuracy"), (2, "confusion_matrix")],
            values.Select(v => (v.Step, v.Value.Tag)));
        Assert.Equal([0.625f, 0.25f, 0.375f, 0.875f], values.Take(4).Select(v => v.Value.Simple!.Value));
        var image = values[^1].Value.Image!.Value;
        Assert.Equal((30, 40, 3), (image.Height, image.Width, image.Colorspace));
        Assert.Equal(png, image.Png);

        // The hparams plugin's records, in the run folder itself.
        var root = Directory.GetFiles(folder.Path, "events.out.tfevents.*").Select(TensorBoardReader.Read).SelectMany(e => e).SelectMany(e => e.Values).ToList();
        var start = root.Single(v => v.Tag == "_hparams_/session_start_info");
        Assert.Equal("hparams", start.PluginName);
        var startData = TensorBoardReader.Fields(start.PluginContent!);
        Assert.Equal(0UL, startData.Single(f => f.Field == 1).Number); // plugin data version 0
        var info = TensorBoardReader.Fields(startData.Single(f => f.Field == 3).Bytes!);
        var hparams = info.Where(f => f.Field == 1).Select(f => TensorBoardReader.Fields(f.Bytes!)).ToDictionary(
            entry => TensorBoardReader.Text(entry.Single(f => f.Field == 1).Bytes!),
            entry => TensorBoardReader.Fields(entry.Single(f => f.Field == 2).Bytes!).Single());
        Assert.Equal((2, 1e-5), (hparams["phases[1].optimizer.rmsprop.learning_rate"].Field, TensorBoardReader.AsDouble(hparams["phases[1].optimizer.rmsprop.learning_rate"].Number)));
        Assert.Equal((4, 1UL), (hparams["augmentation.horizontal_flip"].Field, hparams["augmentation.horizontal_flip"].Number));
        Assert.Equal((3, "resnet18"), (hparams["backbone.name"].Field, TensorBoardReader.Text(hparams["backbone.name"].Bytes!)));
        Assert.Equal(Path.GetFileName(folder.Path), TensorBoardReader.Text(info.Single(f => f.Field == 4).Bytes!));
        Assert.Equal(started.ToUnixTimeSeconds(), TensorBoardReader.AsDouble(info.Single(f => f.Field == 5).Number));

        var end = root.Single(v => v.Tag == "_hparams_/session_end_info");
        var endInfo = TensorBoardReader.Fields(TensorBoardReader.Fields(end.PluginContent!).Single(f => f.Field == 4).Bytes!);
        Assert.Equal(1UL, endInfo.Single(f => f.Field == 1).Number); // STATUS_SUCCESS
        Assert.Equal(started.ToUnixTimeSeconds() + 90, TensorBoardReader.AsDouble(endInfo.Single(f => f.Field == 2).Number));
    }

    [Fact]
    public void The_reader_rejects_a_flipped_bit_and_a_torn_record()
    {
        using var folder = new TempFolder();
        using (var log = new TensorBoardLog(folder.Path))
            log.Epoch(new EpochMetrics("head", 0, 1, 0.5, 0.5, 0.5, 0.5, 1e-3, 1, 1));
        var path = Directory.GetFiles(folder.Combine("train")).Single();
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(5, TensorBoardReader.Read(path).Count);

        File.WriteAllBytes(path, bytes[..^3]);
        Assert.Contains("truncated record", Assert.Throws<InvalidDataException>(() => TensorBoardReader.Read(path)).Message, StringComparison.Ordinal);
        var flipped = bytes.ToArray();
        flipped[^6] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("bad data CRC", Assert.Throws<InvalidDataException>(() => TensorBoardReader.Read(path)).Message, StringComparison.Ordinal);
        flipped = bytes.ToArray();
        flipped[0] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("bad length CRC", Assert.Throws<InvalidDataException>(() => TensorBoardReader.Read(path)).Message, StringComparison.Ordinal);
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
