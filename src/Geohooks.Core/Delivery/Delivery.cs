namespace Geohooks.Core.Delivery;

/// <summary>
/// One payload owed to one webhook. Created durably when an event matches; sent at least once; its body bytes
/// never change across attempts, so <see cref="MessageId"/> lets receivers drop duplicates.
/// </summary>
public sealed record Delivery
{
    /// <summary>Assigned by the store on insert; orders deliveries of one database.</summary>
    public long Id { get; init; }
    public required string WebhookId { get; init; }
    /// <summary>Stable across retries and redeliveries (<c>webhook-id</c> header).</summary>
    public required string MessageId { get; init; }
    /// <summary>The source event's sequence (0 when not from the portal event log).</summary>
    public long EventSequence { get; init; }
    /// <summary>What happened, e.g. <c>item.update</c>; for filtering the log.</summary>
    public required string EventType { get; init; }
    public required byte[] Payload { get; init; }
    public string ContentType { get; init; } = "application/json";
    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;
    public int Attempts { get; init; }
    /// <summary>Due time of the next attempt (epoch ms).</summary>
    public required long NextAttemptAt { get; init; }
    public required long Created { get; init; }
    public long? CompletedAt { get; init; }
    /// <summary>Set while a worker holds the delivery; every write after the claim must present it.</summary>
    public string? LeaseToken { get; init; }
    public long? LeaseExpiresAt { get; init; }
}

public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt (first or retry).</summary>
    Pending = 0,
    /// <summary>Claimed by a worker under a lease.</summary>
    InFlight = 1,
    Succeeded = 2,
    /// <summary>Gave up: attempts exhausted, webhook deactivated or deleted.</summary>
    Failed = 3,
}

/// <summary>One HTTP attempt of a delivery, as the delivery log shows it.</summary>
public sealed record DeliveryAttempt
{
    public long Id { get; init; }
    public required long DeliveryId { get; init; }
    public required string WebhookId { get; init; }
    public required int Number { get; init; }
    public required long StartedAt { get; init; }
    public required int DurationMs { get; init; }
    /// <summary>The request headers sent, as a JSON object text (the body is the delivery's payload).</summary>
    public required string RequestHeaders { get; init; }
    public int? ResponseStatus { get; init; }
    /// <summary>JSON object text, or null when no response arrived.</summary>
    public string? ResponseHeaders { get; init; }
    /// <summary>Truncated to the documented limit.</summary>
    public string? ResponseBody { get; init; }
    public string? Error { get; init; }
    public required bool Succeeded { get; init; }
}

/// <summary>What the worker decided after an attempt, written fenced by the lease.</summary>
public sealed record AttemptOutcome(DeliveryStatus Status, long? NextAttemptAt, long? CompletedAt);

/// <summary>One attempt to record, with the lease it was made under.</summary>
public sealed record AttemptCompletion(long DeliveryId, string LeaseToken, DeliveryAttempt Attempt, AttemptOutcome Outcome);

/// <summary>Filters for reading the delivery log. Times are epoch ms, inclusive.</summary>
public sealed record DeliveryFilter(string WebhookId, DeliveryStatus? Status = null, long? From = null, long? To = null, string? EventType = null);
