namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// Collects a tool's messages. As it is, it serves a synchronous <c>execute</c>, where progress has no reader; the
/// job runner's subclass also stores progress.
/// </summary>
public class GpMessageLog : IGpJobContext
{
    private readonly Lock gate = new();
    private readonly List<GpMessage> messages;

    public GpMessageLog(IEnumerable<GpMessage>? earlier = null) => messages = [.. earlier ?? []];

    public IReadOnlyList<GpMessage> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. messages];
            }
        }
    }

    public void Message(string type, string description)
    {
        lock (gate)
        {
            messages.Add(new GpMessage(type, description));
        }
    }

    public virtual Task ProgressAsync(string message, int? percent, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
