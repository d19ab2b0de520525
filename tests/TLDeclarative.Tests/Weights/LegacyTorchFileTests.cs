using TLDeclarative.Backbones.TorchVision;
using TLDeclarative.Tests.Support;
using TLDeclarative.Weights;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Weights;

/// <summary>
/// The legacy torch.save reader against files written by real PyTorch (Fixtures/make_fixtures.py): the
/// same state dict saved in both formats reads back with the same values, dtypes, shapes and views.
/// </summary>
public sealed class LegacyTorchFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Weights", "Fixtures", name);

    [Fact]
    public void Legacy_and_zip_files_hold_the_same_values()
    {
        Assert.True(LegacyTorchFile.IsLegacy(Fixture("tiny-legacy.pth")));
        Assert.False(LegacyTorchFile.IsLegacy(Fixture("tiny-zip.pth")));

        var legacy = StateDictFile.Read(Fixture("tiny-legacy.pth"));
        var zip = StateDictFile.Read(Fixture("tiny-zip.pth"));
        try
        {
            Assert.Equal(zip.Keys.Order(), legacy.Keys.Order());
            foreach (var (key, expected) in zip)
            {
                Assert.Equal(expected.dtype, legacy[key].dtype);
                Assert.Equal(expected.shape, legacy[key].shape);
                Assert.True(expected.equal(legacy[key]).all().item<bool>(), key);
            }
        }
        finally
        {
            foreach (var t in legacy.Values.Concat(zip.Values)) t.Dispose();
        }
    }

    [Fact]
    public void Every_dtype_and_view_reads_the_values_pytorch_wrote()
    {
        var state = LegacyTorchFile.Read(Fixture("tiny-legacy.pth"));
        try
        {
            using var scope = NewDisposeScope();
            Assert.Equal(ScalarType.Float32, state["conv.weight"].dtype);
            Assert.Equal(new long[] { 2, 3, 2, 2 }, state["conv.weight"].shape);
            Assert.Equal(23 / 8f, state["conv.weight"][1, 2, 1, 1].item<float>());
            Assert.Equal(ScalarType.Int64, state["bn.num_batches_tracked"].dtype);
            Assert.Equal(7L, state["bn.num_batches_tracked"].item<long>());
            Assert.Equal(ScalarType.Float16, state["half"].dtype);
            Assert.Equal(1.25f, state["half"][5].to(ScalarType.Float32).item<float>());
            Assert.Equal(ScalarType.BFloat16, state["bfloat"].dtype);
            Assert.Equal(2.5f, state["bfloat"][5].to(ScalarType.Float32).item<float>());
            Assert.Equal(ScalarType.Float64, state["double"].dtype);
            Assert.Equal(4 / 3.0, state["double"][4].item<double>(), 15);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    [Fact]
    public void Tensors_sharing_a_storage_read_as_their_views()
    {
        var state = LegacyTorchFile.Read(Fixture("views-legacy.pth"));
        try
        {
            // A row (an offset into the storage) and a column (a stride).
            Assert.Equal(new[] { 1f, 1.25f, 1.5f, 1.75f }, state["view.row"].data<float>().ToArray());
            Assert.Equal(new[] { 0.5f, 1.5f, 2.5f }, state["view.column"].data<float>().ToArray());
            Assert.Equal(new long[] { 3, 4 }, state["view.base"].shape);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    [Fact]
    public void Another_dtype_is_refused_naming_it()
    {
        var error = Assert.Throws<InvalidDataException>(() => LegacyTorchFile.Read(Fixture("int32-legacy.pth")));
        Assert.Contains("IntStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("FloatStorage, HalfStorage, BFloat16Storage, DoubleStorage and LongStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_legacy_file_is_refused()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(Fixture("tiny-legacy.pth"));
        var path = folder.Combine("cut.pth");
        File.WriteAllBytes(path, bytes[..^3]);

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path));

        Assert.Contains("ends inside storage", error.Message, StringComparison.Ordinal);
    }
}
