namespace Geohooks.Core.Delivery;

/// <summary>Engine settings, bound from configuration by the host; defaults here.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Deliveries in flight at once in this process, across all webhooks.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Connections to one receiver host at once.</summary>
    public int MaxConnectionsPerHost { get; set; } = 32;

    /// <summary>How long a claim is held before another worker may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often idle workers look for due retries when nothing woke them.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most events one worker cycle reads, and the batch a full worker dispatches without a lease.</summary>
    public int DispatchBatch { get; set; } = 500;

    /// <summary>Response bodies are kept in the log up to this many bytes.</summary>
    public int ResponseBodyLimitBytes { get; set; } = 64 * 1024;

    /// <summary>Finished deliveries and their attempts are pruned after this long.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Hosts and CIDR ranges that may be delivered to although they are loopback, private or link-local.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Shortest <c>scheduleInfo</c> interval of feature-service webhooks; zero allows immediate delivery.</summary>
    public TimeSpan MinScheduleInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Webhooks one service may have.</summary>
    public int MaxServiceWebhooks { get; set; } = 10;

    /// <summary>How often Online-flavor webhooks with a signature key pass the CRC check again.</summary>
    public TimeSpan CrcInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest inline-changes payload; a larger one is delivered in the changesUrl form and says so.</summary>
    public int FullPayloadLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>Ceiling for a receiver's Retry-After.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);
}
