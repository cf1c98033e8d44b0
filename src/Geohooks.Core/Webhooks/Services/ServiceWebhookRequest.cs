namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// The service a service-webhook request names: a hosted feature service by name (its folder is implied), or a
/// geoprocessing service by folder and name.
/// </summary>
public sealed record ServiceRef(string Type, string Folder, string Name)
{
    public static ServiceRef Feature(string name) => new(ServiceScopes.FeatureServer, "", name);

    public static ServiceRef Gp(string folder, string name) => new(ServiceScopes.GPServer, folder, name);
}

/// <summary>
/// create / edit parameters (spec webhooks §3.4, §4.2) with the Geohooks extensions <c>filter</c> and
/// <c>fullPayload</c>. Null means not given: create uses the default, edit keeps the current value.
/// <see cref="Filter"/> <c>{}</c> removes a filter; an empty <see cref="SignatureKey"/> removes the key.
/// </summary>
public sealed record ServiceWebhookRequest
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? ChangeTypes { get; init; }
    public string? SignatureKey { get; init; }
    public string? HookUrl { get; init; }
    public bool? Active { get; init; }
    public string? ContentType { get; init; }
    public string? PayloadFormat { get; init; }
    public string? ScheduleInfo { get; init; }
    public string? Filter { get; init; }
    public bool? FullPayload { get; init; }
}

/// <summary>
/// Service-webhook settings to change; null leaves a setting as it is. <see cref="DeactivationPolicy"/> is the
/// Enterprise JSON <c>{"numberOfFailures":n,"daysInPast":d}</c>; <see cref="NumberOfFailures"/> is Online's.
/// <see cref="SignatureEncoding"/> (<c>base64</c> | <c>hex</c>) is a Geohooks site setting of both flavors.
/// </summary>
public sealed record ServiceSettingsUpdate
{
    public int? NotificationAttempts { get; init; }
    public int? NotificationTimeOutInSeconds { get; init; }
    public int? NotificationElapsedTimeInSeconds { get; init; }
    public string? DeactivationPolicy { get; init; }
    public int? NumberOfFailures { get; init; }
    public string? SignatureEncoding { get; init; }
}
