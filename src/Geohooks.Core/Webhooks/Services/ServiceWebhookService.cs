using Geohooks.Core.Delivery;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Microsoft.Extensions.Options;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// Service webhooks of both flavors: Enterprise's Server Administrator API (<see cref="WebhookKinds.Server"/>, spec
/// webhooks §3) and ArcGIS Online's <c>WebHooks</c> (<see cref="WebhookKinds.Online"/>, §4). Each flavor sees and
/// manages its own webhooks of a service; both count toward the service's limit. Hosted feature services' webhooks
/// are managed by the item's owner and the organization's administrators, geoprocessing services' (Enterprise flavor
/// only) by administrators.
/// </summary>
public sealed partial class ServiceWebhookService(
    IStore store, TimeProvider time, WebhookSender sender, EgressPolicy egress, GpCatalog catalog, IOptions<DeliveryOptions> options)
{
    private readonly DeliveryOptions _options = options.Value;

    public async Task<Page<Webhook>> ListAsync(Caller caller, string kind, ServiceRef service, int start, int num, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: false, ct);
        var hooks = await HooksOfAsync(session, caller, kind, target, ct);
        return new Page<Webhook>([.. hooks.Skip(start - 1).Take(num)], hooks.Count, start, num);
    }

    public async Task<Webhook> GetAsync(Caller caller, string kind, ServiceRef service, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: false, ct);
        return await FindAsync(session, caller, kind, target, id, forUpdate: false, ct);
    }

    /// <summary>
    /// Validates everything, checks the hook URL (egress policy; the CRC handshake for the Online flavor with a
    /// signature key) outside any write session, then stores the webhook. On any failure nothing is stored.
    /// </summary>
    public async Task<Webhook> CreateAsync(Caller caller, string kind, ServiceRef service, ServiceWebhookRequest request, CancellationToken ct)
    {
        Webhook draft;
        bool hex;
        await using (var read = await store.ReadAsync(ct))
        {
            var target = await ResolveAsync(read, caller, kind, service, forUpdate: false, ct);
            RequireHookable(target);
            draft = Apply(caller, kind, target, null, request, Now());
            await CheckRoomAsync(read, target, draft, isNew: true, ct);
            hex = (await SettingsAsync(read, caller.Org.Id, kind, ct)).HexSignatures;
        }

        draft = WithCrc(draft, await VerifyReceiverAsync(draft, null, hex, ct));
        await using var session = await store.WriteAsync(ct);
        var locked = await ResolveAsync(session, caller, kind, service, forUpdate: true, ct);
        await CheckRoomAsync(session, locked, draft, isNew: true, ct);
        // It hears of events committed from now on, not of older ones the dispatcher has yet to reach.
        var after = await session.Events.LastSequenceAsync(ct);
        draft = draft with { Config = (ServiceHookSpec.FromConfig(draft.Config) with { AfterSequence = after }).ToConfig(draft.Config) };
        await session.Webhooks.InsertAsync(draft, ct);
        await session.CommitAsync(ct);
        return draft;
    }

    /// <summary>
    /// Absent parameters keep their values. The request is applied again to the row as the write session finds it, so
    /// the engine's bookkeeping written meanwhile is kept; if someone else changed the URL or key meanwhile, it is a 409.
    /// </summary>
    public async Task<Webhook> EditAsync(Caller caller, string kind, ServiceRef service, string id, ServiceWebhookRequest request, CancellationToken ct)
    {
        var now = Now();
        Webhook current, draft;
        bool hex;
        await using (var read = await store.ReadAsync(ct))
        {
            var target = await ResolveAsync(read, caller, kind, service, forUpdate: false, ct);
            current = await FindAsync(read, caller, kind, target, id, forUpdate: false, ct);
            draft = Apply(caller, kind, target, current, request, now);
            await CheckRoomAsync(read, target, draft, isNew: false, ct);
            hex = (await SettingsAsync(read, caller.Org.Id, kind, ct)).HexSignatures;
        }

        var crcCheckedAt = await VerifyReceiverAsync(draft, current, hex, ct);
        await using var session = await store.WriteAsync(ct);
        var locked = await ResolveAsync(session, caller, kind, service, forUpdate: true, ct);
        var fresh = await FindAsync(session, caller, kind, locked, id, forUpdate: true, ct);
        var edited = Apply(caller, kind, locked, fresh, request, now);
        if (edited.PayloadUrl != draft.PayloadUrl || edited.Secret != draft.Secret)
        {
            throw E.Conflict($"Webhook '{id}' changed while it was being edited; send the edit again.");
        }

        edited = WithCrc(edited, crcCheckedAt);
        await CheckRoomAsync(session, locked, edited, isNew: false, ct);
        await session.Webhooks.UpdateAsync(edited, ct);
        if (edited.IsActive && !fresh.IsActive)
        {
            session.Signal(Channels.Deliveries);
        }
        else if (!edited.IsActive && fresh.IsActive)
        {
            await session.HookBatches.DeleteAllAsync(edited.Id, ct);
        }

        await session.CommitAsync(ct);
        return edited;
    }

    public async Task DeleteAsync(Caller caller, string kind, ServiceRef service, string id, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var target = await ResolveAsync(session, caller, kind, service, forUpdate: true, ct);
        var webhook = await FindAsync(session, caller, kind, target, id, forUpdate: false, ct);
        await session.Webhooks.DeleteAsync(webhook.Id, ct);
        await session.CommitAsync(ct);
    }

    /// <summary>
    /// A new webhook from the request, or <paramref name="current"/> with the request applied. Pure: every parameter
    /// is checked here, so a failure stores nothing.
    /// </summary>
    private Webhook Apply(Caller caller, string kind, HookTarget target, Webhook? current, ServiceWebhookRequest request, long now)
    {
        var spec = current is null ? null : ServiceHookSpec.FromConfig(current.Config);
        var feature = target.Feature;
        if (feature is null && (request.ScheduleInfo is not null || request.Filter is not null || request.FullPayload is not null))
        {
            throw E.InvalidParameter(request.ScheduleInfo is not null ? "scheduleInfo" : request.Filter is not null ? "filter" : "fullPayload", "applies to feature services only.");
        }

        var schedule = feature is null ? null
            : request.ScheduleInfo is { } scheduleJson ? ScheduleInfo.Parse(scheduleJson, now, _options.MinScheduleInterval)
            : spec?.Schedule ?? ScheduleInfo.Default(now, _options.MinScheduleInterval);
        var updated = new ServiceHookSpec
        {
            ServiceType = target.Service.Type,
            FolderName = target.FolderName,
            ServiceName = target.ServiceName,
            ServiceItemId = feature?.ItemId,
            ContentType = request.ContentType is { } contentType ? ServiceHookParameters.ContentType(contentType) : spec?.ContentType ?? ServiceHookSpec.Json,
            PayloadFormat = request.PayloadFormat is { } format ? ServiceHookParameters.PayloadFormat(format) : spec?.PayloadFormat ?? ServiceHookSpec.CompactFormat,
            Schedule = schedule,
            Filter = feature is null ? null : request.Filter is { } filter ? HookFilter.Parse(filter)?.Validate(feature) : spec?.Filter,
            FullPayload = request.FullPayload ?? spec?.FullPayload ?? false,
            OwnerUsername = spec?.OwnerUsername ?? caller.Username,
            ModifiedUsername = caller.Username,
            CrcCheckedAt = spec?.CrcCheckedAt,
            AfterSequence = spec?.AfterSequence,
        };
        var hook = (current ?? New(caller, kind, target, now)) with
        {
            Name = request.Name is { } name ? ServiceHookParameters.Name(name) : current?.Name ?? throw E.MissingParameter("name"),
            PayloadUrl = request.HookUrl is { } url ? ServiceHookParameters.HookUrl(url) : current?.PayloadUrl ?? throw E.MissingParameter("hookUrl"),
            Secret = request.SignatureKey is { } key ? ServiceHookParameters.SignatureKey(key) : current?.Secret ?? "",
            Events = request.ChangeTypes is { } types ? ServiceHookParameters.ChangeTypes(types, feature is not null)
                : current?.Events ?? (feature is null ? [] : [ServiceHookParameters.AllChanges]),
            Config = updated.ToConfig(current?.Config ?? "{}"),
            Modified = now,
        };
        return request.Active switch
        {
            true when !hook.IsActive => DeactivationPolicy.Reset(hook, now),
            false when hook.IsActive => Deactivated(hook, now),
            _ => hook,
        };
    }

    /// <summary>New webhooks are inactive until activated (<c>active</c> defaults to false, as ArcGIS documents).</summary>
    private static Webhook New(Caller caller, string kind, HookTarget target, long now) => new()
    {
        Id = Ids.NewUuid(),
        OrgId = caller.Org.Id,
        Kind = kind,
        Name = "",
        PayloadUrl = "",
        IsActive = false,
        OwnerId = caller.User.Id,
        Created = now,
        Modified = now,
        Scope = target.Scope,
    };

    private static Webhook Deactivated(Webhook webhook, long now) =>
        webhook with { IsActive = false, DeactivationReason = "deactivate", Modified = now };

    /// <summary>Names are unique among the flavor's webhooks of a service (case-insensitive); the limit counts both flavors.</summary>
    private async Task CheckRoomAsync(IStoreSession session, HookTarget target, Webhook webhook, bool isNew, CancellationToken ct)
    {
        var others = (await session.Webhooks.ListByScopeAsync(target.Scope, ct)).Where(w => w.OrgId == webhook.OrgId && w.Id != webhook.Id).ToList();
        if (others.Any(w => w.Kind == webhook.Kind && Access.Same(w.Name, webhook.Name)))
        {
            throw E.BadRequest($"A webhook named '{webhook.Name}' already exists for this service.");
        }

        if (isNew && others.Count >= _options.MaxServiceWebhooks)
        {
            throw E.BadRequest($"The service already has {others.Count} webhooks; a service may have at most {_options.MaxServiceWebhooks} (--max-service-webhooks).");
        }
    }

    /// <summary>
    /// The egress policy on every create and edit; for the Online flavor with a signature key, the CRC handshake when the
    /// URL or the key is new. Returns when the CRC passed, or null when none was needed. Runs outside any session: an
    /// HTTP round trip must never hold SQLite's single writer.
    /// </summary>
    private async Task<long?> VerifyReceiverAsync(Webhook draft, Webhook? current, bool hex, CancellationToken ct)
    {
        await egress.CheckAsync(new Uri(draft.PayloadUrl), "hookUrl", ct);
        var unchanged = current is not null && current.PayloadUrl == draft.PayloadUrl && current.Secret == draft.Secret;
        if (draft.Kind != WebhookKinds.Online || draft.Secret.Length == 0 || unchanged)
        {
            return null;
        }

        return await Crc.CheckAsync(sender, draft.PayloadUrl, draft.Secret, hex, ct) is { } why
            ? throw new Errors.ArcGisException(400, "Unable to verify the hook URL.", [why])
            : Now();
    }

    private static Webhook WithCrc(Webhook webhook, long? checkedAt) =>
        checkedAt is null ? webhook : webhook with { Config = (ServiceHookSpec.FromConfig(webhook.Config) with { CrcCheckedAt = checkedAt }).ToConfig(webhook.Config) };

    private static async Task<IReadOnlyList<Webhook>> HooksOfAsync(IStoreSession session, Caller caller, string kind, HookTarget target, CancellationToken ct) =>
        [.. (await session.Webhooks.ListByScopeAsync(target.Scope, ct)).Where(w => w.Kind == kind && w.OrgId == caller.Org.Id)];

    private static async Task<Webhook> FindAsync(IStoreSession session, Caller caller, string kind, HookTarget target, string id, bool forUpdate, CancellationToken ct)
    {
        var key = id.ToLowerInvariant();
        var webhook = !Ids.IsUuid(id) ? null : forUpdate ? await session.Webhooks.FindForUpdateAsync(key, ct) : await session.Webhooks.FindAsync(key, ct);
        return webhook is not null && webhook.OrgId == caller.Org.Id && webhook.Kind == kind && webhook.Scope == target.Scope
            ? webhook
            : throw new Errors.ArcGisException(404, "Webhook not found.", [$"Webhook '{id}' does not exist for this service."]);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
