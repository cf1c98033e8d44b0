using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// An exclusive OS lock on <c>geohooks.lock</c>, held while the store is open. SQLite's locking keeps the file
/// consistent, but the single-writer gate is per process, so a second server on the same folder must be refused.
/// </summary>
internal static class FolderLock
{
    public static FileStream Acquire(string folder)
    {
        var path = Path.Combine(folder, "geohooks.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new StoreLockedException(
                $"The data folder '{folder}' is in use by another Geohooks process. SQLite supports one server process per data folder; use PostgreSQL (--postgres) to run several.",
                exception);
        }
    }
}
