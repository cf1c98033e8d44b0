using Geohooks.Core.Delivery;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Changes;
using Geohooks.Core.Features.Querying;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// Builds feature-service deliveries for the router (one edit) and the scheduler (a batch): the payload of the
/// webhook's flavor, with the changes inline for full-payload webhooks when they fit the configured limit.
/// </summary>
public sealed class ServicePayloadBuilder(
    IPortalAddress address, IOptions<DeliveryOptions> options, ChangeExtractor extractor, FeatureQueryOptions queryOptions, TimeProvider time)
{
    /// <summary>Whether the site signs this webhook's flavor in hex (its settings scope).</summary>
    public static async Task<bool> HexSignaturesAsync(IStoreSession session, Webhook webhook, CancellationToken ct) =>
        (await WebhookSettingsScopes.ReadAsync(session.Webhooks, webhook.OrgId, webhook.Kind, ct)).HexSignatures;

    /// <summary>
    /// Whether a webhook with a filter is told about a feature or attachment change: the layer is one it filters on
    /// and a changed feature matches before or after the edit. Schema and definition changes always pass.
    /// </summary>
    public async Task<bool> PassesFilterAsync(IStoreSession session, ServiceHook hook, PortalEvent e, FeatureFacts facts, CancellationToken ct)
    {
        if (hook.Spec.Filter is not { } filter || !ServicePayloads.IsDataChange(e.Operation) || facts.LayerId is not { } layerId)
        {
            return true;
        }

        if (filter.Layers is { } layers && !layers.Contains(layerId))
        {
            return false;
        }

        if (filter.Where is null && filter.Geometry is null)
        {
            return true;
        }

        var service = await session.Features.FindByItemAsync(e.TargetId, ct);
        return service is not null && await HookFilterMatcher.MatchesAsync(session, service, layerId, facts.MinGen, facts.MaxGen, filter, queryOptions, time, ct);
    }

    /// <summary>One delivery announcing <paramref name="layers"/> (with the changes inline for full-payload webhooks).</summary>
    public async Task<Delivery.Delivery> FeatureDeliveryAsync(
        IStoreSession session, ServiceHook hook, IReadOnlyList<HookBatch> layers, long eventSequence, long now, bool hex, CancellationToken ct)
    {
        var (webhook, spec) = hook;
        var (inline, omitted) = spec.FullPayload ? await InlineAsync(session, hook, layers, ct) : (null, null);
        return new Delivery.Delivery
        {
            WebhookId = webhook.Id,
            MessageId = "msg_" + Ids.NewId(),
            EventSequence = eventSequence,
            EventType = $"{EventSources.FeatureService}.{string.Join(',', layers.SelectMany(l => l.ChangeTypes).Distinct(StringComparer.Ordinal))}",
            Payload = ServicePayloads.Feature(webhook, spec, address.PortalUrl, layers, inline, omitted, hex),
            ContentType = spec.ContentType,
            NextAttemptAt = now,
            Created = now,
        };
    }

    /// <summary>
    /// The extractChanges JSON of each notified layer (Online: per layer entry; Enterprise: one for all, key -1), or
    /// why it is not inline: over the size limit, or the service is gone.
    /// </summary>
    private async Task<(IReadOnlyDictionary<int, byte[]>?, string?)> InlineAsync(
        IStoreSession session, ServiceHook hook, IReadOnlyList<HookBatch> layers, CancellationToken ct)
    {
        var edits = layers.Where(l => l.MaxGen > 0 && l.LayerId >= 0 && l.ChangeTypes.Any(ServicePayloads.IsDataChange)).ToList();
        if (edits.Count == 0 || hook.Spec.ServiceItemId is not { } itemId)
        {
            return (null, null);
        }

        if (await session.Features.FindByItemAsync(itemId, ct) is not { } service)
        {
            return (null, "The service no longer exists; its changes cannot be included.");
        }

        var limit = options.Value.FullPayloadLimitBytes;
        var inline = new Dictionary<int, byte[]>();
        var groups = hook.Webhook.Kind == WebhookKinds.Online
            ? edits.Select(l => (Key: l.LayerId, Layers: (IReadOnlyList<HookBatch>)[l]))
            : [(Key: -1, Layers: (IReadOnlyList<HookBatch>)edits)];
        var total = 0;
        foreach (var (key, group) in groups)
        {
            var request = new ExtractChangesRequest
            {
                Layers = [.. group.Select(l => l.LayerId)],
                ServerGens = (group.Min(l => l.MinGen), group.Max(l => l.MaxGen)),
                ReturnDeletedFeatures = true,
                ReturnAttachments = group.Any(l => l.ChangeTypes.Any(t => t.StartsWith("Attachments", StringComparison.Ordinal))),
                Filter = hook.Spec.Filter,
            };
            var json = await extractor.ExtractForWebhookAsync(session, service, request, ct);
            total += json.Length;
            if (total > limit)
            {
                return (null, $"The changes are larger than this server's full-payload limit of {limit / 1024} KB; follow changesUrl to read them.");
            }

            inline[key] = json;
        }

        return (inline, null);
    }
}
