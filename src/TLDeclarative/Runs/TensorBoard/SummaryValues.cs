namespace TLDeclarative.Runs.TensorBoard;

/// <summary>
/// <c>Summary.Value</c> messages (tensorflow/core/framework/summary.proto) for the kinds a run writes:
/// scalars, PNG images and the hparams plugin's session records
/// (tensorboard/plugins/hparams/plugin_data.proto).
/// </summary>
internal static class SummaryValues
{
    public const string HParamsPlugin = "hparams";
    public const string SessionStartTag = "_hparams_/session_start_info";
    public const string SessionEndTag = "_hparams_/session_end_info";

    /// <summary>hparams' <c>Status.STATUS_SUCCESS</c> (tensorboard/plugins/hparams/api.proto).</summary>
    private const int StatusSuccess = 1;

    /// <summary><c>tag</c> = 1, <c>simple_value</c> = 2.</summary>
    public static ProtoWriter Scalar(string tag, double value) => new ProtoWriter().String(1, tag).Float(2, (float)value);

    /// <summary><c>image</c> = 4: height, width, colorspace (3 = RGB), encoded PNG.</summary>
    public static ProtoWriter Image(string tag, byte[] png, int height, int width) =>
        new ProtoWriter().String(1, tag).Message(4, new ProtoWriter().Varint(1, height).Varint(2, width).Varint(3, 3).Bytes(4, png));

    /// <summary>
    /// <c>HParamsPluginData</c> (version 0) with a <c>SessionStartInfo</c>: every hyperparameter as a
    /// <c>google.protobuf.Value</c> (numbers, booleans, strings), the group name and start time.
    /// </summary>
    public static ProtoWriter SessionStart(IReadOnlyDictionary<string, object> hparams, string groupName, DateTimeOffset started)
    {
        var start = new ProtoWriter();
        foreach (var (name, value) in hparams)
            start.Message(1, new ProtoWriter().String(1, name).Message(2, ValueOf(value)));
        start.String(4, groupName).Double(5, started.ToUnixTimeMilliseconds() / 1000.0);
        return PluginValue(SessionStartTag, new ProtoWriter().Varint(1, 0).Message(3, start));
    }

    /// <summary><c>HParamsPluginData</c> with a <c>SessionEndInfo</c>: success and the end time.</summary>
    public static ProtoWriter SessionEnd(DateTimeOffset ended) =>
        PluginValue(SessionEndTag, new ProtoWriter().Varint(1, 0).Message(4, new ProtoWriter().Varint(1, StatusSuccess).Double(2, ended.ToUnixTimeMilliseconds() / 1000.0)));

    // google.protobuf.Value: number_value = 2, string_value = 3, bool_value = 4.
    private static ProtoWriter ValueOf(object value) => value switch
    {
        double number => new ProtoWriter().Double(2, number),
        bool flag => new ProtoWriter().Varint(4, flag ? 1 : 0),
        _ => new ProtoWriter().String(3, value.ToString() ?? ""),
    };

    /// <summary>
    /// A value the plugin reads from its metadata (<c>metadata</c> = 9: plugin name and content), with the
    /// hparams plugin's placeholder tensor (<c>tensor</c> = 8): an empty float vector, dtype 1, shape [0].
    /// </summary>
    private static ProtoWriter PluginValue(string tag, ProtoWriter content)
    {
        var metadata = new ProtoWriter().Message(1, new ProtoWriter().String(1, HParamsPlugin).Message(2, content));
        var emptyFloats = new ProtoWriter().Varint(1, 1).Message(2, new ProtoWriter().Message(2, new ProtoWriter()));
        return new ProtoWriter().String(1, tag).Message(9, metadata).Message(8, emptyFloats);
    }
}
