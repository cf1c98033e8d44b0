namespace Geohooks.Server.Tests.Infrastructure;

/// <summary>A server shared by the tests of one class; which store backs it is the subclass's choice.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private GeohooksServer? _server;

    public GeohooksServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<GeohooksServer> StartAsync();
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync();
}

public sealed class PostgresServerFixture : ServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync();
}

public static class Unique
{
    private static int _counter;

    /// <summary>A name no other test in this run uses.</summary>
    public static string Name(string prefix) => $"{prefix}{Interlocked.Increment(ref _counter)}x{Random.Shared.Next(100_000, 999_999)}";
}
