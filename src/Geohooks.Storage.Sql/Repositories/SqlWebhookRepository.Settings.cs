using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>Per-org delivery settings and the named cursors the engine advances (e.g. the event-log position).</summary>
internal sealed partial class SqlWebhookRepository
{
    public Task<WebhookSettings?> GetSettingsAsync(string orgId, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            """
            SELECT notification_attempts, notification_timeout_seconds, notification_elapsed_seconds, metric_interval_minutes,
                deactivation_failures, deactivation_days, consecutive_failures, hex_signatures
            FROM webhook_settings WHERE org_id = @org_id
            """,
            new SqlArgs { ["org_id"] = orgId },
            r => new WebhookSettings(r.Int(0), r.Int(1), r.Int(2), r.Int(3))
            {
                DeactivationFailures = r.IntOrNull(4),
                DeactivationDays = r.IntOrNull(5),
                ConsecutiveFailures = r.Bool(6),
                HexSignatures = r.Bool(7),
            },
            cancellationToken);

    public Task SetSettingsAsync(string orgId, WebhookSettings settings, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            INSERT INTO webhook_settings (org_id, notification_attempts, notification_timeout_seconds, notification_elapsed_seconds,
                metric_interval_minutes, deactivation_failures, deactivation_days, consecutive_failures, hex_signatures)
            VALUES (@org_id, @attempts, @timeout, @elapsed, @interval, @failures, @days, @consecutive, @hex)
            ON CONFLICT (org_id) DO UPDATE SET
                notification_attempts = excluded.notification_attempts,
                notification_timeout_seconds = excluded.notification_timeout_seconds,
                notification_elapsed_seconds = excluded.notification_elapsed_seconds,
                metric_interval_minutes = excluded.metric_interval_minutes,
                deactivation_failures = excluded.deactivation_failures,
                deactivation_days = excluded.deactivation_days,
                consecutive_failures = excluded.consecutive_failures,
                hex_signatures = excluded.hex_signatures
            """,
            new SqlArgs
            {
                ["org_id"] = orgId,
                ["attempts"] = settings.NotificationAttempts,
                ["timeout"] = settings.NotificationTimeOutInSeconds,
                ["elapsed"] = settings.NotificationElapsedTimeInSeconds,
                ["interval"] = settings.FeatureServerMetricIntervalInMinutes,
                ["failures"] = settings.DeactivationFailures,
                ["days"] = settings.DeactivationDays,
                ["consecutive"] = settings.ConsecutiveFailures,
                ["hex"] = settings.HexSignatures,
            },
            cancellationToken);

    // The row must exist before it can be locked. It does after the first call, so this is one locked read; only when
    // it is missing is it inserted (harmless if another process just did) and read again.
    public async Task<long> LockCursorAsync(string name, CancellationToken cancellationToken)
    {
        var args = new SqlArgs { ["name"] = name };
        var select = $"SELECT value FROM cursors WHERE name = @name {db.Dialect.RowLock(null, skipLocked: false)}";
        var found = await db.QueryAsync(select, args, static r => r.GetInt64(0), cancellationToken);
        if (found.Count > 0)
        {
            return found[0];
        }

        await db.ExecuteAsync("INSERT INTO cursors (name, value) VALUES (@name, 0) ON CONFLICT (name) DO NOTHING", args, cancellationToken);
        return await db.ScalarAsync<long>(select, args, cancellationToken);
    }

    public Task SetCursorAsync(string name, long value, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO cursors (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            new SqlArgs { ["name"] = name, ["value"] = value },
            cancellationToken);
}
