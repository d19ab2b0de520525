using System.Globalization;

namespace TLDeclarative.Runs.TensorBoard;

/// <summary>
/// One TensorBoard event file (<c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;n&gt;</c>) in a
/// folder: an <c>Event</c> per record, the first one <c>file_version: "brain.Event:2"</c> with the
/// real wall time. Field numbers are those of tensorflow/core/util/event.proto.
/// </summary>
internal sealed class EventFile : IDisposable
{
    public const string FileVersion = "brain.Event:2";
    private static int fileCount;
    private readonly TfRecordFile records;

    public EventFile(string folder)
    {
        Directory.CreateDirectory(folder);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref fileCount)}");
        records = new TfRecordFile(System.IO.Path.Combine(folder, name));
        records.Write(Event(0).String(3, FileVersion).ToArray());
    }

    public string Path => records.Path;

    /// <summary>An event holding one summary value at <paramref name="step"/>.</summary>
    public void Write(long step, ProtoWriter summaryValue) =>
        records.Write(Event(step).Message(5, new ProtoWriter().Message(1, summaryValue)).ToArray());

    /// <summary>
    /// A <c>SessionLog</c> START at <paramref name="step"/>: TensorBoard drops the events of this file's
    /// run at that step or later that an earlier, interrupted session wrote (a resumed run re-trains them).
    /// </summary>
    public void WriteSessionStart(long step) =>
        records.Write(Event(step).Message(7, new ProtoWriter().Varint(1, 1)).ToArray());

    public void Dispose() => records.Dispose();

    private static ProtoWriter Event(long step) =>
        new ProtoWriter().Double(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).Varint(2, step);
}
