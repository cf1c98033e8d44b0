namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// One submitted run of an asynchronous task, as stored: who asked, the checked inputs, where it stands and what it
/// said. The lease says which process runs it and until when; results are stored beside it and read on demand.
/// </summary>
public sealed record GpJob
{
    public required string Id { get; init; }

    public required string OrgId { get; init; }

    /// <summary>The service's folder ("" for the root) and name, and the task, as the catalog spells them.</summary>
    public required string Folder { get; init; }

    public required string Service { get; init; }

    public required string Task { get; init; }

    public required string Status { get; init; }

    public required string Username { get; init; }

    public required string UserId { get; init; }

    /// <summary>The inputs after checking and defaults, as a JSON object keyed by parameter name.</summary>
    public required string Inputs { get; init; }

    public IReadOnlyList<GpMessage> Messages { get; init; } = [];

    /// <summary>Only while executing.</summary>
    public GpProgress? Progress { get; init; }

    public required long Submitted { get; init; }

    public long? Started { get; init; }

    public long? Completed { get; init; }

    public required long Updated { get; init; }

    public string? LeaseToken { get; init; }

    public long? LeaseExpiresAt { get; init; }

    public GpJob WithMessage(string type, string description) => this with { Messages = [.. Messages, new GpMessage(type, description)] };
}

/// <summary>A job message: <see cref="GpMessageTypes"/> and text.</summary>
public sealed record GpMessage(string Type, string Description);

/// <summary>What an executing job is doing: <c>default</c> with a message, or <c>step</c> with a percentage.</summary>
public sealed record GpProgress(string Type, string Message, int? Percent);

public static class GpMessageTypes
{
    public const string Informative = "esriJobMessageTypeInformative";
    public const string Warning = "esriJobMessageTypeWarning";
    public const string Error = "esriJobMessageTypeError";
}

/// <summary>
/// The job lifecycle (spec resources §10.5) as used here: Submitted → Executing → Succeeded | Failed | Cancelled,
/// with Cancelling between a cancel request and the tool stopping. A queued job is cancelled at once.
/// </summary>
public static class GpJobStatus
{
    public const string Submitted = "esriJobSubmitted";
    public const string Executing = "esriJobExecuting";
    public const string Cancelling = "esriJobCancelling";
    public const string Succeeded = "esriJobSucceeded";
    public const string Failed = "esriJobFailed";
    public const string Cancelled = "esriJobCancelled";

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}
