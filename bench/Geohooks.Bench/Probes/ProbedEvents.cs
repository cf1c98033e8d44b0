using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Bench.Probes;

/// <summary>Marks a session that appends events (the producer) and one that reads them (the dispatcher).</summary>
internal sealed class ProbedEvents(IEventLog inner, ProbedSession session) : IEventLog
{
    public Task<long> AppendAsync(PortalEvent portalEvent, CancellationToken cancellationToken)
    {
        session.Mark(0);
        return inner.AppendAsync(portalEvent, cancellationToken);
    }

    public Task<IReadOnlyList<PortalEvent>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        session.Mark(1);
        return inner.ReadAfterAsync(afterSequence, limit, cancellationToken);
    }

    public Task<long> LastSequenceAsync(CancellationToken cancellationToken) => inner.LastSequenceAsync(cancellationToken);
}
