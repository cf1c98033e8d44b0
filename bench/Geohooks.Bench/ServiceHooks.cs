using System.Buffers.Text;
using Geohooks.Core.Features;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;
using Geohooks.Core.Webhooks.Services;

namespace Geohooks.Bench;

/// <summary>
/// Feature-service webhooks of the services scenario, built as the management API stores them (it is not on this
/// branch): an Enterprise-flavor webhook delivers JSON, an Online-flavor one form-encodes; both are signed, immediate,
/// and hear of events after their creation. Webhook number k posts to <c>&lt;receiver&gt;/k</c>, and every delivery
/// names its edit by the generation bracket in its changesUrl, so the receiver files it under (webhook, edit) without a
/// database. The raw loop's payloads come from the same builder, for webhooks of the same shape.
/// </summary>
public static class ServiceHooks
{
    /// <summary>The feature service the webhooks watch.</summary>
    public const string ServiceName = "bench_services";

    /// <summary>What the server must allow: immediate schedules, and more than the default 10 webhooks on one service.</summary>
    public static readonly string[] HostArgs = ["--min-schedule-interval", "0", "--max-service-webhooks", "1000"];

    /// <summary>What one single-feature add produces: one event of each type, one notification per webhook.</summary>
    public static readonly IReadOnlyList<string> AddChangeTypes = [FeatureChangeTypes.FeaturesCreated, FeatureChangeTypes.FeaturesEdited];

    private static readonly ScheduleInfo Immediate = new("", true, 0, 0, ScheduleInfo.Second);
    private static readonly byte[] GensMarker = "serverGens"u8.ToArray();

    /// <summary>The webhook's flavor: Enterprise (<see cref="WebhookKinds.Server"/>) or Online.</summary>
    public static string Flavor(string kind) => kind == WebhookKinds.Online ? "Online, form" : "Enterprise, JSON";

    /// <summary>
    /// Webhook number <paramref name="index"/> of <paramref name="kind"/> on the feature service <see cref="ServiceName"/>;
    /// it hears of events after <paramref name="afterSequence"/>. The CRC check counts as passed at creation, as the API
    /// runs it then.
    /// </summary>
    public static (Webhook Hook, ServiceHookSpec Spec) Create(
        int index, string kind, string orgId, string ownerId, string itemId, Uri receiver, long afterSequence, long now)
    {
        var spec = new ServiceHookSpec
        {
            ServiceType = ServiceScopes.FeatureServer,
            ServiceName = ServiceName,
            ServiceItemId = itemId,
            ContentType = kind == WebhookKinds.Online ? ServiceHookSpec.Form : ServiceHookSpec.Json,
            Schedule = Immediate,
            OwnerUsername = EngineHost.Username,
            ModifiedUsername = EngineHost.Username,
            AfterSequence = afterSequence,
            CrcCheckedAt = now,
        };
        var hook = new Webhook
        {
            Id = Ids.NewId(),
            OrgId = orgId,
            Kind = kind,
            Name = $"bench-{index:D4}",
            PayloadUrl = UrlOf(receiver, index).ToString(),
            Secret = RawLoop.Secret,
            Events = ["*"],
            Config = spec.ToConfig(),
            OwnerId = ownerId,
            Created = now,
            Modified = now,
            Scope = ServiceScopes.Feature(itemId),
        };
        return (hook, spec);
    }

    /// <summary>Stores one webhook of each of <paramref name="kinds"/> (in that order) on the service, in one write session.</summary>
    public static async Task<IReadOnlyList<Webhook>> InsertAsync(EngineHost host, string itemId, IReadOnlyList<string> kinds, Uri receiver, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await using var session = await host.Store.WriteAsync(ct);
        var after = await session.Events.LastSequenceAsync(ct);
        var hooks = kinds.Select((kind, k) => Create(k, kind, host.OrgId, host.UserId, itemId, receiver, after, now).Hook).ToList();
        foreach (var hook in hooks)
        {
            await session.Webhooks.InsertAsync(hook, ct);
        }

        await session.CommitAsync(ct);
        return hooks;
    }

    /// <summary>
    /// The raw loop's requests: what <paramref name="kinds"/>.Count webhooks would receive for the edits that commit
    /// generations <paramref name="genBase"/> + 1 to <paramref name="genBase"/> + <paramref name="edits"/> (edit-major,
    /// as the engine meets them), for a portal URL of the same length as the server's (127.0.0.1, a 5-digit port).
    /// </summary>
    public static IReadOnlyList<RawLoop.RawPost> RawPosts(IReadOnlyList<string> kinds, Uri receiver, long genBase, int edits)
    {
        const string portalUrl = "http://127.0.0.1:50800/arcgis/";
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var itemId = Ids.NewId();
        var orgId = Ids.NewOrgId();
        var hooks = kinds.Select((kind, k) => Create(k, kind, orgId, Ids.NewId(), itemId, receiver, 0, now)).ToList();
        var posts = new List<RawLoop.RawPost>(hooks.Count * edits);
        for (var gen = genBase + 1; gen <= genBase + edits; gen++)
        {
            foreach (var (hook, spec) in hooks)
            {
                var batch = new HookBatch
                {
                    WebhookId = hook.Id, LayerId = 0, MinGen = gen - 1, MaxGen = gen, ChangeTypes = AddChangeTypes, FirstAt = now, LastAt = now, DueAt = 0,
                };
                posts.Add(new RawLoop.RawPost(new Uri(hook.PayloadUrl), ServicePayloads.Feature(hook, spec, portalUrl, [batch]), spec.ContentType, Service: true));
            }
        }

        return posts;
    }

    /// <summary>
    /// Files a delivery under webhook × edit: slot <c>k · perHook + (gen − genBase − 1)</c> for webhook k and the
    /// edit that committed generation gen.
    /// </summary>
    public static Receiver.DeliverySlot Slots(long genBase, int perHook) => (path, body) =>
    {
        var hook = HookIndex(path);
        var gen = MaxGen(body) - genBase - 1;
        return hook < 0 || gen < 0 || gen >= perHook ? -1 : (int)((hook * perHook) + gen);
    };

    public static Uri UrlOf(Uri receiver, int index) => new($"{receiver}/{index}");

    /// <summary>The webhook number at the end of the path, or -1.</summary>
    private static int HookIndex(string path)
    {
        var slash = path.LastIndexOf('/');
        return int.TryParse(path.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out var k) ? k : -1;
    }

    /// <summary>
    /// The upper generation of the changesUrl's <c>serverGens</c> bracket, whichever way it is written:
    /// <c>=%5Ba%2Cb%5D</c> (Enterprise JSON) or <c>%3d%5ba%2cb%5d</c> (Online, percent-encoded in a form body); -1 without one.
    /// </summary>
    private static long MaxGen(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(GensMarker);
        if (at < 0)
        {
            return -1;
        }

        var rest = body[(at + GensMarker.Length)..];
        var found = 0;
        long value = -1;
        while (found < 2 && rest.Length > 0)
        {
            if (rest[0] == (byte)'%')
            {
                rest = rest[Math.Min(3, rest.Length)..];
            }
            else if (rest[0] is >= (byte)'0' and <= (byte)'9')
            {
                if (!Utf8Parser.TryParse(rest, out value, out var used))
                {
                    return -1;
                }

                rest = rest[used..];
                found++;
            }
            else if (rest[0] is (byte)'=' or (byte)'[' or (byte)',')
            {
                rest = rest[1..];
            }
            else
            {
                return -1;
            }
        }

        return found == 2 ? value : -1;
    }
}
