using SQLitePCL;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// Process-wide SQLite settings, which the library accepts only before its first connection opens.
/// </summary>
/// <remarks>
/// Multi-thread mode instead of the bundled library's serialized mode: SQLite then takes no mutex of its own around
/// every call on a connection, which is safe because no connection here is ever used by two threads at once (the
/// writer's connection is lent to one write session at a time behind the write gate, a pooled reader belongs to one
/// read session, the checkpointer has its own). Memory statistics off: with them on, every allocation SQLite makes
/// takes one global mutex that the writer, the readers and the checkpointer contend for, and nothing here reads
/// them. If a connection was opened in this process before the first store (the settings are then refused with
/// SQLITE_MISUSE), SQLite keeps its defaults, which are slower but just as correct.
/// </remarks>
internal static class SqliteLibrary
{
    private const int ConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1)
        {
            return;
        }

        Batteries_V2.Init();
        _ = raw.sqlite3_config(ConfigMultiThread);
        _ = raw.sqlite3_config(ConfigMemStatus, 0);
    }
}
