using Geohooks.Core.Delivery;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks;

/// <summary>Organization webhooks (spec webhooks §2): administrators only.</summary>
public sealed partial class OrgWebhookService(IStore store, TimeProvider time, WebhookSender sender, EgressPolicy egress)
{
    public const string Privilege = "portal:admin:manageWebhooks";

    public async Task<Webhook> CreateAsync(Caller caller, string orgId, OrgWebhookRequest request, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 256)
        {
            throw string.IsNullOrEmpty(name) ? E.MissingParameter("name") : E.InvalidParameter("name", "must be at most 256 characters.");
        }

        var events = Triggers(request.Changes, request.Events) ?? throw E.MissingParameter("changes");
        var config = WebhookConfig.Parse(request.Config);
        ValidateSecret(request.Secret);
        var url = await CheckUrlAsync(request.Url ?? throw E.MissingParameter("url"), caller.Org.Id, ct);
        var now = Now();
        var webhook = new Webhook
        {
            Id = Ids.NewId(),
            OrgId = caller.Org.Id,
            Kind = WebhookKinds.Organization,
            Name = name,
            PayloadUrl = url,
            Secret = request.Secret ?? "",
            Events = events,
            Config = config.Json,
            OwnerId = caller.User.Id,
            Created = now,
            Modified = now,
        };
        await using var session = await store.WriteAsync(ct);
        await session.Webhooks.InsertAsync(webhook, ct);
        await session.CommitAsync(ct);
        return webhook;
    }

    public async Task<Webhook> GetAsync(Caller caller, string orgId, string id, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        return await FindAsync(session, caller, id, ct);
    }

    public async Task<Page<Webhook>> ListAsync(Caller caller, string orgId, int start, int num, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.ReadAsync(ct);
        return await session.Webhooks.ListAsync(caller.Org.Id, WebhookKinds.Organization, start, num, ct);
    }

    public async Task<Webhook> UpdateAsync(Caller caller, string orgId, string id, OrgWebhookRequest request, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        var name = request.Name?.Trim();
        if (name is { Length: 0 or > 256 })
        {
            throw E.InvalidParameter("name", "must be 1 to 256 characters.");
        }

        var events = Triggers(request.Changes, request.Events);
        var config = request.Config is null ? null : WebhookConfig.Parse(request.Config);
        ValidateSecret(request.Secret);
        // A changed URL is probed before the write session opens: an HTTP round trip must never hold SQLite's
        // single writer. The write session then reads the webhook again and applies the change.
        string? url = null;
        await using (var read = await store.ReadAsync(ct))
        {
            var current = await FindAsync(read, caller, id, ct);
            if (request.Url is { } asked && asked != current.PayloadUrl)
            {
                url = await CheckUrlAsync(asked, caller.Org.Id, ct);
            }
        }

        await using var session = await store.WriteAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var updated = webhook with
        {
            Name = name ?? webhook.Name,
            PayloadUrl = url ?? webhook.PayloadUrl,
            Secret = request.Secret ?? webhook.Secret,
            Events = events ?? webhook.Events,
            Config = config?.Json ?? webhook.Config,
            Modified = Now(),
        };
        await session.Webhooks.UpdateAsync(updated, ct);
        await session.CommitAsync(ct);
        return updated;
    }

    public async Task DeleteAsync(Caller caller, string orgId, string id, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.WriteAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        await session.Webhooks.DeleteAsync(webhook.Id, ct);
        await session.CommitAsync(ct);
    }

    /// <summary>activate resets the deactivation policy's count; deliveries held back while inactive resume.</summary>
    public async Task<Webhook> SetActiveAsync(Caller caller, string orgId, string id, bool active, CancellationToken ct)
    {
        RequireAdmin(caller, orgId);
        await using var session = await store.WriteAsync(ct);
        var webhook = await FindAsync(session, caller, id, ct);
        var updated = active
            ? DeactivationPolicy.Reset(webhook, Now())
            : webhook with { IsActive = false, DeactivationReason = "deactivate", Modified = Now() };
        await session.Webhooks.UpdateAsync(updated, ct);
        if (active)
        {
            session.Signal(Channels.Deliveries);
        }

        await session.CommitAsync(ct);
        return updated;
    }

    private async Task<string> CheckUrlAsync(string text, string orgId, CancellationToken ct)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
        {
            throw E.InvalidParameter("url", "must be an absolute http or https URL.");
        }

        await egress.CheckAsync(url, ct);
        WebhookSettings settings;
        await using (var session = await store.ReadAsync(ct))
        {
            settings = await session.Webhooks.GetSettingsAsync(orgId, ct) ?? WebhookSettings.Default;
        }

        if (await sender.ProbeAsync(url, RetryPolicy.Timeout(settings), ct) is { } error)
        {
            throw new Errors.ArcGisException(400, "Unable to connect to the payload URL.", [$"'{url}' could not be reached: {error}"]);
        }

        return url.ToString();
    }

    /// <summary><c>allChanges</c> is every event (<c>/</c>); <c>manualChanges</c> takes the listed trigger URIs.</summary>
    private static string[]? Triggers(string? changes, IReadOnlyList<string>? events)
    {
        switch (changes)
        {
            case "allChanges":
                return ["/"];
            case "manualChanges" or null when events is { Count: > 0 }:
                return events.Select(e => TriggerUri.Parse(e).ToString()).Distinct(StringComparer.Ordinal).ToArray();
            case "manualChanges":
                throw E.MissingParameter("events");
            case null:
                return null;
            default:
                throw E.InvalidParameter("changes", "must be allChanges or manualChanges.");
        }
    }

    /// <summary>The secret travels in a header: no control characters (no header injection), at most 256 characters.</summary>
    private static void ValidateSecret(string? secret)
    {
        if (secret is { } s && (s.Length > 256 || s.Any(char.IsControl)))
        {
            throw E.InvalidParameter("secret", "must be at most 256 characters without control characters.");
        }
    }

    private static void RequireAdmin(Caller caller, string orgId)
    {
        if (!caller.Has(Privilege))
        {
            throw E.Forbidden();
        }

        if (orgId != "self" && !orgId.Equals(caller.Org.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw E.NotFound($"Portal '{orgId}'");
        }
    }

    private static async Task<Webhook> FindAsync(IStoreSession session, Caller caller, string id, CancellationToken ct)
    {
        var webhook = Ids.IsId(id) ? await session.Webhooks.FindAsync(id.ToLowerInvariant(), ct) : null;
        return webhook is not null && webhook.OrgId == caller.Org.Id && webhook.Kind == WebhookKinds.Organization
            ? webhook
            : throw new Errors.ArcGisException(400, "Webhook does not exist or is inaccessible.", [$"Webhook '{id}' does not exist or is inaccessible."]);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
