using System.Collections;
using System.Numerics;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace TLDeclarative.Weights;

/// <summary>
/// Reads a state dict that torch.save wrote in the legacy format (before PyTorch 1.6, or with
/// <c>_use_new_zipfile_serialization=False</c>): five pickles — the magic number, the protocol version
/// (1001), the system info (byte order, type sizes), the state dict whose tensors refer to storages by
/// persistent id, the sorted storage keys — then each storage as an int64 element count and its raw
/// bytes. Razorvine.Pickle does the unpickling. Little-endian files with float32, float16, bfloat16,
/// float64 or int64 storages only; anything else is refused naming what was found.
/// </summary>
public static class LegacyTorchFile
{
    private const string Module = "tldeclarative_legacy";
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture); // 0x1950a86a20f9469cfc6c
    private const int ProtocolVersion = 1001;

    private static readonly Dictionary<string, string> RenamedGlobals = new(StringComparer.Ordinal)
    {
        ["torch._utils\n_rebuild_tensor_v2\n"] = $"{Module}\nrebuild_tensor\n",
        ["torch._utils\n_rebuild_tensor\n"] = $"{Module}\nrebuild_tensor\n",
        ["torch._utils\n_rebuild_parameter\n"] = $"{Module}\nrebuild_parameter\n",
        ["collections\nOrderedDict\n"] = $"{Module}\nOrderedDict\n",
    };

    static LegacyTorchFile()
    {
        Unpickler.registerConstructor(Module, "rebuild_tensor", new PendingTensorConstructor());
        Unpickler.registerConstructor(Module, "rebuild_parameter", new ParameterConstructor());
        Unpickler.registerConstructor(Module, "OrderedDict", new StateDictConstructor());
    }

    /// <summary>True when <paramref name="path"/> starts like a legacy torch.save file (a pickle, not a zip archive).</summary>
    public static bool IsLegacy(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 2 && head[0] == 0x80 && head[1] <= 5; // PROTO opcode; a zip starts with "PK"
    }

    /// <summary>Parameter and buffer names to tensors (the caller disposes them).</summary>
    /// <exception cref="InvalidDataException">Not a legacy torch.save file of a state dict, or a dtype or byte order it cannot take.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var at = 0;
        var magic = Next(data, ref at, path, "magic number");
        if (magic is not (BigInteger or long) || ToBig(magic) != MagicNumber)
            throw new InvalidDataException($"'{path}' is neither a zip archive nor a legacy torch.save file (its first pickle is not torch's magic number).");
        if (Next(data, ref at, path, "protocol version") is not int protocol || protocol != ProtocolVersion)
            throw new InvalidDataException($"'{path}' is a legacy torch.save file of an unknown protocol version (expected {ProtocolVersion}).");
        if (Next(data, ref at, path, "system info") is not Hashtable info || info["little_endian"] is not true)
            throw new InvalidDataException($"'{path}' was written on a big-endian machine; only little-endian files are read. Re-save it on a little-endian machine.");

        var storages = new Dictionary<string, StorageReference>(StringComparer.Ordinal);
        var (pickle, end) = PickleStream.Copy(data, at, RenamedGlobals);
        object root;
        using (var unpickler = new StorageUnpickler(storages, path))
            root = unpickler.loads(pickle);
        at = end;
        if (root is not StateDict state)
            throw new InvalidDataException($"'{path}' holds a {root?.GetType().Name ?? "null"}, not a state dict: save the model's state dict itself, torch.save(model.state_dict(), path).");
        if (Next(data, ref at, path, "storage keys") is not ArrayList keys)
            throw new InvalidDataException($"'{path}' has no storage key list after its state dict.");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            var storage = storages.TryGetValue(key, out var s) ? s : throw new InvalidDataException($"'{path}' lists storage '{key}' that no tensor uses.");
            storage.Read(data, ref at, path);
        }

        if (at != data.Length)
            throw new InvalidDataException($"'{path}' has {data.Length - at} bytes after its last storage: not a complete legacy torch.save file.");
        try
        {
            foreach (DictionaryEntry entry in state)
            {
                if (entry.Value is not PendingTensor pending)
                    throw new InvalidDataException($"'{path}' holds '{entry.Key}' ({entry.Value?.GetType().Name ?? "null"}), not a tensor: save the model's state dict itself.");
                tensors[(string)entry.Key] = pending.Create(path);
            }

            return tensors;
        }
        finally
        {
            foreach (var storage in storages.Values) storage.Dispose();
        }
    }

    private static object Next(byte[] data, ref int at, string path, string what)
    {
        if (at >= data.Length) throw new InvalidDataException($"'{path}' ends before its {what}: not a complete legacy torch.save file.");
        var (pickle, end) = PickleStream.Copy(data, at, RenamedGlobals);
        at = end;
        using var unpickler = new Unpickler();
        return unpickler.loads(pickle);
    }

    private static BigInteger ToBig(object value) => value is long l ? l : (BigInteger)value;

    /// <summary>('storage', torch.FloatStorage, key, location, element count, view metadata): one storage, read later.</summary>
    private sealed class StorageUnpickler(Dictionary<string, StorageReference> storages, string path) : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } tuple || tuple[0] is not "storage" || tuple[1] is not ClassDictConstructor type || tuple[2] is not string key)
                throw new InvalidDataException($"'{path}' has a persistent id that is not a tensor storage: only state dicts of tensors are read.");
            if (tuple.Length > 5 && tuple[5] is not null)
                throw new InvalidDataException($"'{path}' stores a view of another storage (key {key}); re-save the state dict with PyTorch 1.6 or later.");
            if (!storages.TryGetValue(key, out var storage))
                storages[key] = storage = new StorageReference(key, ScalarTypeOf(type.name, key), Convert.ToInt64(tuple[4], System.Globalization.CultureInfo.InvariantCulture));
            return storage;
        }

        private ScalarType ScalarTypeOf(string storageType, string key) => storageType switch
        {
            "FloatStorage" => ScalarType.Float32,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "DoubleStorage" => ScalarType.Float64,
            "LongStorage" => ScalarType.Int64,
            _ => throw new InvalidDataException(
                $"'{path}' holds a {storageType} (storage {key}); legacy files are read for FloatStorage, HalfStorage, BFloat16Storage, DoubleStorage and LongStorage only. "
                + "Re-save it with PyTorch 1.6 or later (torch.save(torch.load(f), f)) to use the zip format."),
        };
    }

    /// <summary>A storage named by the pickle; its bytes come after the pickles.</summary>
    private sealed class StorageReference(string key, ScalarType type, long count) : IDisposable
    {
        public ScalarType Type { get; } = type;

        public Tensor? Values { get; private set; }

        public void Read(byte[] data, ref int at, string path)
        {
            if (at + 8 > data.Length) throw new InvalidDataException($"'{path}' ends before storage {key}.");
            var stored = BitConverter.ToInt64(data, at);
            if (stored != count)
                throw new InvalidDataException($"'{path}': storage {key} holds {stored} elements, but its tensors were saved with {count}.");
            at += 8;
            var values = empty(count, Type);
            var bytes = checked((int)(count * values.ElementSize));
            if (at + bytes > data.Length) throw new InvalidDataException($"'{path}' ends inside storage {key} ({bytes} bytes expected).");
            values.bytes = data.AsSpan(at, bytes);
            at += bytes;
            Values = values;
        }

        public void Dispose() => Values?.Dispose();
    }

    /// <summary>_rebuild_tensor_v2(storage, offset, size, stride, ...): a view made once the storage is read.</summary>
    private sealed record PendingTensor(StorageReference Storage, long Offset, long[] Shape, long[] Stride)
    {
        public Tensor Create(string path)
        {
            var values = Storage.Values ?? throw new InvalidDataException($"'{path}' lists no bytes for a storage its tensors use.");
            return values.as_strided(Shape, Stride, Offset).clone();
        }
    }

    private sealed class PendingTensorConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PendingTensor(
            (StorageReference)args[0],
            Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture),
            Longs(args[2]),
            Longs(args[3]));

        private static long[] Longs(object tuple) => ((object[])tuple).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private sealed class ParameterConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            throw new InvalidDataException("The file holds a whole model (nn.Parameter objects), not a state dict: save torch.save(model.state_dict(), path).");
    }

    private sealed class StateDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new StateDict();
    }

    /// <summary>collections.OrderedDict: the entries come by SETITEMS, its attributes (<c>_metadata</c>) by BUILD.</summary>
    private sealed class StateDict : Hashtable
    {
        public Hashtable? Attributes { get; private set; }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "Razorvine calls __setstate__ by name.")]
        public void __setstate__(Hashtable state) => Attributes = state;
    }
}
