using System.Diagnostics;
using Geohooks.Core.Storage;

namespace Geohooks.Bench.Probes;

/// <summary>An <see cref="IStore"/> decorator that counts sessions and claims; behaviour is unchanged.</summary>
public sealed class ProbedStore(IStore inner, StoreProbe probe) : IStore
{
    public StoreCapabilities Capabilities => inner.Capabilities;

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public async Task<IStoreSession> ReadAsync(CancellationToken cancellationToken)
    {
        probe.ReadOpened();
        return await inner.ReadAsync(cancellationToken);
    }

    public async Task<IStoreSession> WriteAsync(CancellationToken cancellationToken)
    {
        var asked = Stopwatch.GetTimestamp();
        var session = await inner.WriteAsync(cancellationToken);
        var opened = Stopwatch.GetTimestamp();
        probe.WriteOpened(opened - asked);
        return new ProbedSession(session, probe, opened);
    }

    public Task<bool> WaitForSignalAsync(string channel, TimeSpan timeout, CancellationToken cancellationToken) =>
        inner.WaitForSignalAsync(channel, timeout, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
