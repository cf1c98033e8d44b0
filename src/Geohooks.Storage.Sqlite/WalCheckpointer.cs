using Microsoft.Data.Sqlite;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on a thread of its own, so the single writer does not.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the commit that pushes the WAL past its limit: while the writer holds the
/// write gate it copies every page back and fsyncs the WAL and the database file. Here a PASSIVE checkpoint, which
/// never blocks writers, runs on a separate connection after every <see cref="SessionsPerCheckpoint"/> write sessions.
/// The writer's own automatic checkpoint stays as a backstop at <see cref="BackstopPages"/> pages (it only triggers
/// if this thread falls far behind). Checkpoints change where committed pages live, not whether they survive: a
/// commit is durable in the WAL (synchronous = NORMAL: a process kill loses nothing, a power loss may lose the last
/// transactions).
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Write sessions between two checkpoints.</summary>
    public const int SessionsPerCheckpoint = 32;

    /// <summary>The writer's automatic checkpoint limit, in pages (SQLite's default is 1,000).</summary>
    public const int BackstopPages = 16_000;

    private readonly string connectionString;
    // No spinning before it blocks (SemaphoreSlim spins with sched_yield, a syscall each, on every wait).
    private readonly AutoResetEvent wake = new(initialState: false);
    private readonly Thread thread;
    private int sessions;
    private volatile bool stopping;

    public WalCheckpointer(string connectionString)
    {
        this.connectionString = connectionString;
        thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
        thread.Start();
    }

    /// <summary>Counts a finished write session; every <see cref="SessionsPerCheckpoint"/>th wakes the checkpoint thread.</summary>
    public void WriteEnded()
    {
        if (Interlocked.Increment(ref sessions) % SessionsPerCheckpoint == 0)
        {
            wake.Set();
        }
    }

    public void Dispose()
    {
        stopping = true;
        wake.Set();
        thread.Join();
        wake.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                wake.WaitOne();
                if (stopping)
                {
                    return;
                }

                try
                {
                    connection ??= Open();
                    using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    checkpoint.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // The next round, or the writer's own automatic checkpoint, catches up.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
