using Geohooks.Testing;

namespace Geohooks.Bench;

/// <summary>
/// Fresh, empty stores for each measurement: a new SQLite data folder, or a new database on one private PostgreSQL
/// server (started on first use with fsync off, like the test suite's; stopped when the process exits).
/// </summary>
public sealed class StoreTargets : IAsyncDisposable
{
    private readonly List<string> _folders = [];
    private PostgresServer? _postgres;

    /// <summary>The server arguments that select a fresh store of <paramref name="kind"/>.</summary>
    public async Task<string[]> CreateAsync(string kind) => kind switch
    {
        "sqlite" => ["--data", NewFolder()],
        "postgres" => ["--postgres", await (await PostgresAsync()).CreateDatabaseAsync()],
        _ => throw new ArgumentException($"Unknown store '{kind}'; use sqlite or postgres."),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort; it is under the temp folder.
            }
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private async Task<PostgresServer> PostgresAsync() => _postgres ??= await PostgresServer.StartAsync();

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"geohooks-bench-{Guid.NewGuid():N}");
        _folders.Add(folder);
        return folder;
    }
}
