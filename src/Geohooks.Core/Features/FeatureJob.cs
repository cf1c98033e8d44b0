namespace Geohooks.Core.Features;

/// <summary>
/// An asynchronous operation on a service (today: extractChanges with <c>async=true</c>). The request is kept so a
/// restarted server can run what it had not finished; the result is the JSON document served at the result URL.
/// </summary>
public sealed record FeatureJob
{
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";

    public required string Id { get; init; }

    public required long ServiceKey { get; init; }

    /// <summary>The service's item id, to find the service again when the job runs.</summary>
    public required string ServiceItemId { get; init; }

    public required string Kind { get; init; }

    public required string Status { get; init; }

    /// <summary>The operation's parameters as JSON.</summary>
    public required string Request { get; init; }

    /// <summary>Who submitted it (null for anonymous); the result is theirs to read, as they could run it synchronously.</summary>
    public string? Username { get; init; }

    public byte[]? Result { get; init; }

    public string? Error { get; init; }

    public required long Submitted { get; init; }

    public required long Updated { get; init; }
}
