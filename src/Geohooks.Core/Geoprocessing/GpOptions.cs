namespace Geohooks.Core.Geoprocessing;

/// <summary>Job runner settings, bound by the host; defaults here.</summary>
public sealed class GpOptions
{
    /// <summary>Jobs executing at once in this process.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How long a claimed job is held without a heartbeat. A job whose process died is failed explicitly once its
    /// lease expires (never run twice: the tools' work need not be idempotent).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running job renews its lease and checks for a cancel asked in another process.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle runner looks for queued jobs nothing woke it for.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a runner looks for jobs whose lease expired.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
}
