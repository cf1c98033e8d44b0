namespace Geohooks.Core.Storage;

/// <summary>The store's data cannot be opened because another process holds it (SQLite's one-process rule).</summary>
public sealed class StoreLockedException : Exception
{
    public StoreLockedException()
    {
    }

    public StoreLockedException(string message)
        : base(message)
    {
    }

    public StoreLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
