namespace Geohooks.Storage.Sql.Signals;

/// <summary>Database-wide names of the wake-up channels, prefixed so they never clash with another application's.</summary>
public static class SignalChannels
{
    public const string Prefix = "geohooks_";

    public static string ToDatabase(string channel) => Prefix + channel;

    public static string? FromDatabase(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : null;

    /// <summary>Channels become identifiers on PostgreSQL; keep them to a safe alphabet.</summary>
    public static void Validate(string channel)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (channel.Length > 40 || !channel.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.'))
        {
            throw new ArgumentException($"Channel '{channel}' must be 1-40 characters of a-z, 0-9, '_', '-' or '.'.", nameof(channel));
        }
    }
}
