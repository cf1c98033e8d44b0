namespace Geohooks.Core.Webhooks;

/// <summary>createWebhook / update parameters; null leaves a field as it is on update.</summary>
public sealed record OrgWebhookRequest(string? Name, string? Url, string? Secret, string? Changes, IReadOnlyList<string>? Events, string? Config);

/// <summary>settings/update parameters; null leaves a setting as it is.</summary>
public sealed record SettingsUpdate(int? NotificationAttempts, int? NotificationTimeOutInSeconds, int? NotificationElapsedTimeInSeconds, int? FeatureServerMetricIntervalInMinutes);

/// <summary>One row of notificationStatus: an attempt with the payload it carried.</summary>
public sealed record NotificationRow(Delivery.DeliveryAttempt Attempt, Delivery.Delivery? Delivery);
