using System.Data.Common;
using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The webhooks table's column list, its parameters from a <see cref="Webhook"/>, and the row mapping.</summary>
internal static class WebhookRows
{
    public const string Columns =
        "id, org_id, kind, name, payload_url, secret, is_active, events, config, owner_id, created, modified, " +
        "failure_window_start, failure_count, deactivation_reason, scope";

    public const string Insert = $"""
        INSERT INTO webhooks ({Columns})
        VALUES (@id, @org_id, @kind, @name, @payload_url, @secret, @is_active, @events, @config, @owner_id, @created,
            @modified, @failure_window_start, @failure_count, @deactivation_reason, @scope)
        """;

    public const string Update = """
        UPDATE webhooks SET org_id = @org_id, kind = @kind, name = @name, payload_url = @payload_url, secret = @secret,
            is_active = @is_active, events = @events, config = @config, owner_id = @owner_id, created = @created,
            modified = @modified, failure_window_start = @failure_window_start, failure_count = @failure_count,
            deactivation_reason = @deactivation_reason, scope = @scope
        WHERE id = @id
        """;

    public static SqlArgs Args(Webhook webhook) => new()
    {
        ["id"] = Keys.Of(webhook.Id),
        ["org_id"] = webhook.OrgId,
        ["kind"] = webhook.Kind,
        ["name"] = webhook.Name,
        ["payload_url"] = webhook.PayloadUrl,
        ["secret"] = webhook.Secret,
        ["is_active"] = webhook.IsActive,
        ["events"] = Lists.ToJson(webhook.Events),
        ["config"] = webhook.Config,
        ["owner_id"] = webhook.OwnerId,
        ["created"] = webhook.Created,
        ["modified"] = webhook.Modified,
        ["failure_window_start"] = webhook.FailureWindowStart,
        ["failure_count"] = webhook.FailureCount,
        ["deactivation_reason"] = webhook.DeactivationReason,
        ["scope"] = webhook.Scope,
    };

    public static Webhook Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        OrgId = r.Text(1),
        Kind = r.Text(2),
        Name = r.Text(3),
        PayloadUrl = r.Text(4),
        Secret = r.Text(5),
        IsActive = r.Bool(6),
        Events = r.Strings(7),
        Config = r.Text(8),
        OwnerId = r.Text(9),
        Created = r.Long(10),
        Modified = r.Long(11),
        FailureWindowStart = r.LongOrNull(12),
        FailureCount = r.Int(13),
        DeactivationReason = r.TextOrNull(14),
        Scope = r.TextOrNull(15),
    };
}
