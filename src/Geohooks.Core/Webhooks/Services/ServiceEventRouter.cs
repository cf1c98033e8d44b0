using System.Text.Json;
using Geohooks.Core.Delivery;
using Geohooks.Core.Features;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>An active service webhook with its spec parsed once per dispatch batch.</summary>
public sealed record ServiceHook(Webhook Webhook, ServiceHookSpec Spec);

/// <summary>What routing a batch of events produced: deliveries due now, and additions to scheduled batches.</summary>
public sealed record RoutedEvents(List<Delivery.Delivery> Deliveries, List<HookBatch> Batched);

/// <summary>
/// Routes feature-service and geoprocessing events to the service webhooks of their service. The events of one edit
/// transaction (consecutive, same service, same generation) become one notification per webhook: immediately, or
/// added to the webhook's scheduled batch (one per layer) when its <c>scheduleInfo</c> puts the next delivery later.
/// A webhook is told only the change types it subscribed to, and with a filter only about matching features.
/// </summary>
public sealed class ServiceEventRouter(IPortalAddress address, ServicePayloadBuilder payloads)
{
    public async Task<RoutedEvents> RouteAsync(
        IStoreSession session, IReadOnlyList<PortalEvent> events, IReadOnlyList<ServiceHook> hooks, long now, CancellationToken ct)
    {
        var routed = new RoutedEvents([], []);
        if (hooks.Count == 0)
        {
            return routed;
        }

        // Settings are read once per scope and batch, not once per notification (one edit may fan out to 100 webhooks).
        var hex = new Dictionary<string, bool>(StringComparer.Ordinal);
        var byScope = hooks.GroupBy(h => h.Webhook.Scope ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var group in Transactions(events))
        {
            var first = group[0].Event;
            if (!byScope.TryGetValue(ScopeOf(first), out var scoped))
            {
                continue;
            }

            // A webhook hears of changes made after its creation, not of older ones the dispatcher reaches later.
            foreach (var hook in scoped.Where(h => h.Webhook.OrgId == first.OrgId
                && (h.Spec.AfterSequence is { } after ? first.Sequence > after : first.When >= h.Webhook.Created)))
            {
                if (first.Source == EventSources.GpService)
                {
                    routed.Deliveries.AddRange(GeoprocessingDeliveries(hook, group, now, await HexAsync(session, hook, hex, ct)));
                }
                else
                {
                    await FeatureAsync(session, hook, group, now, routed, hex, ct);
                }
            }
        }

        return routed;
    }

    /// <summary>The scope of the service an event is about (feature events name their service's item).</summary>
    public static string ScopeOf(PortalEvent e) => e.Source switch
    {
        EventSources.FeatureService => ServiceScopes.Feature(e.TargetId),
        EventSources.GpService => e.TargetId,
        _ => "",
    };

    /// <summary>Consecutive events of one service and one edit (same generation bracket), in log order.</summary>
    private static IEnumerable<List<(PortalEvent Event, FeatureFacts Facts)>> Transactions(IReadOnlyList<PortalEvent> events)
    {
        List<(PortalEvent, FeatureFacts)>? current = null;
        foreach (var e in events)
        {
            if (e.Source is not (EventSources.FeatureService or EventSources.GpService))
            {
                continue;
            }

            var facts = FeatureFacts.Read(e);
            if (current is [var (previous, previousFacts), ..]
                && previous.Source == e.Source && previous.TargetId == e.TargetId && previous.OrgId == e.OrgId
                && e.Source == EventSources.FeatureService && previousFacts.Transaction == facts.Transaction)
            {
                current.Add((e, facts));
                continue;
            }

            if (current is not null)
            {
                yield return current;
            }

            current = [(e, facts)];
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static async Task<bool> HexAsync(IStoreSession session, ServiceHook hook, Dictionary<string, bool> known, CancellationToken ct)
    {
        var scope = WebhookSettingsScopes.For(hook.Webhook);
        if (!known.TryGetValue(scope, out var hex))
        {
            known[scope] = hex = await ServicePayloadBuilder.HexSignaturesAsync(session, hook.Webhook, ct);
        }

        return hex;
    }

    private async Task FeatureAsync(
        IStoreSession session, ServiceHook hook, List<(PortalEvent Event, FeatureFacts Facts)> group, long now, RoutedEvents routed,
        Dictionary<string, bool> hex, CancellationToken ct)
    {
        var (webhook, spec) = hook;
        var all = webhook.Events.Contains(ServiceHookParameters.AllChanges);
        var layers = new SortedDictionary<int, HookBatch>();
        // The events of one transaction share a layer's generation bracket: the filter is asked once per layer and kind.
        var filtered = new Dictionary<(int, bool), bool>();
        foreach (var (e, facts) in group)
        {
            if (!all && !webhook.Events.Contains(e.Operation))
            {
                continue;
            }

            var layerId = facts.LayerId ?? -1;
            var key = (layerId, ServicePayloads.IsDataChange(e.Operation));
            if (!filtered.TryGetValue(key, out var passes))
            {
                filtered[key] = passes = await payloads.PassesFilterAsync(session, hook, e, facts, ct);
            }

            if (!passes)
            {
                continue;
            }

            layers[layerId] = layers.TryGetValue(layerId, out var seen)
                ? Merge(seen, facts.Batch(webhook.Id, layerId, e))
                : facts.Batch(webhook.Id, layerId, e);
        }

        if (layers.Count == 0 || spec.Schedule is { Enabled: false })
        {
            return;
        }

        var due = spec.Schedule?.NextBoundary(now) ?? now;
        if (due > now)
        {
            routed.Batched.AddRange(layers.Values.Select(b => b with { DueAt = due }));
            return;
        }

        var last = group[^1].Event;
        routed.Deliveries.Add(await payloads.FeatureDeliveryAsync(session, hook, [.. layers.Values], last.Sequence, now, await HexAsync(session, hook, hex, ct), ct));
    }

    private List<Delivery.Delivery> GeoprocessingDeliveries(ServiceHook hook, List<(PortalEvent Event, FeatureFacts Facts)> group, long now, bool hex)
    {
        var deliveries = new List<Delivery.Delivery>();
        foreach (var (e, _) in group)
        {
            using var properties = JsonDocument.Parse(e.Properties);
            var root = properties.RootElement;
            var task = root.TryGetProperty("taskName", out var t) ? t.GetString() ?? "" : "";
            var jobId = root.TryGetProperty("jobId", out var j) ? j.GetString() ?? "" : "";
            deliveries.Add(new Delivery.Delivery
            {
                WebhookId = hook.Webhook.Id,
                MessageId = "msg_" + Ids.NewId(),
                EventSequence = e.Sequence,
                EventType = $"{e.Source}.{e.Operation}",
                Payload = ServicePayloads.Geoprocessing(hook.Webhook, hook.Spec, address.PortalUrl, task, jobId, e.Operation, e.When, hex),
                ContentType = hook.Spec.ContentType,
                NextAttemptAt = now,
                Created = now,
            });
        }

        return deliveries;
    }

    /// <summary>Two notifications of one webhook and layer as one: the union of brackets, change types and times.</summary>
    public static HookBatch Merge(HookBatch a, HookBatch b) => a with
    {
        MinGen = a.MaxGen == 0 ? b.MinGen : b.MaxGen == 0 ? a.MinGen : Math.Min(a.MinGen, b.MinGen),
        MaxGen = Math.Max(a.MaxGen, b.MaxGen),
        ChangeTypes = [.. a.ChangeTypes.Concat(b.ChangeTypes).Distinct(StringComparer.Ordinal)],
        FirstAt = Math.Min(a.FirstAt, b.FirstAt),
        LastAt = Math.Max(a.LastAt, b.LastAt),
    };
}

/// <summary>What a feature-service event says about its edit, read once from its properties.</summary>
public sealed record FeatureFacts(int? LayerId, long MinGen, long MaxGen, long EditMoment)
{
    /// <summary>Identifies the edit transaction: its generation, or for changes without one, the moment.</summary>
    public (long, long) Transaction => (MaxGen, MaxGen == 0 ? EditMoment : 0);

    public static FeatureFacts Read(PortalEvent e)
    {
        if (e.Source != EventSources.FeatureService)
        {
            return new FeatureFacts(null, 0, 0, e.When);
        }

        using var doc = JsonDocument.Parse(e.Properties);
        var root = doc.RootElement;
        int? layer = root.TryGetProperty("layerId", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null;
        long min = 0, max = 0;
        if (root.TryGetProperty("serverGen", out var gen) && gen.ValueKind == JsonValueKind.Object)
        {
            min = gen.GetProperty("minServerGen").GetInt64();
            max = gen.GetProperty("serverGen").GetInt64();
        }

        var moment = root.TryGetProperty("editMoment", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : e.When;
        return new FeatureFacts(layer, min, max, moment);
    }

    public HookBatch Batch(string webhookId, int layerId, PortalEvent e) => new()
    {
        WebhookId = webhookId,
        LayerId = layerId,
        MinGen = MinGen,
        MaxGen = MaxGen,
        ChangeTypes = [e.Operation],
        FirstAt = EditMoment,
        LastAt = EditMoment,
        DueAt = 0,
    };
}
