using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Tests;

/// <summary>Service webhooks' storage: the scope, per-flavor settings, scheduled batches, the event log's end.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Service_webhooks_keep_their_scope_and_are_listed_by_it()
    {
        var scope = "FeatureServer:" + Scenario.NewId();
        var hook = S.Webhook("scoped", kind: WebhookKinds.Server) with { Scope = scope };
        var other = S.Webhook("unscoped", kind: WebhookKinds.Online) with { Scope = "FeatureServer:" + Scenario.NewId() };
        await using var a = await TestHook.CreateAsync(Store, hook);
        await using var b = await TestHook.CreateAsync(Store, other);
        Assert.Equal(scope, (await ReadAsync(s => s.Webhooks.FindAsync(hook.Id, Ct)))!.Scope);
        Assert.Equal([hook.Id], (await ReadAsync(s => s.Webhooks.ListByScopeAsync(scope, Ct))).Select(h => h.Id));
        Assert.Empty(await ReadAsync(s => s.Webhooks.ListByScopeAsync("GPServer:none", Ct)));
    }

    [Fact]
    public async Task Settings_of_each_scope_keep_the_service_flavor_options()
    {
        var org = Scenario.NewId();
        var online = WebhookSettings.OnlineDefault with { DeactivationFailures = 7, HexSignatures = true };
        var server = WebhookSettings.ServerDefault with { DeactivationDays = 9 };
        await WriteAsync(async s =>
        {
            await s.Webhooks.SetSettingsAsync(WebhookSettingsScopes.For(org, WebhookKinds.Online), online, Ct);
            await s.Webhooks.SetSettingsAsync(WebhookSettingsScopes.For(org, WebhookKinds.Server), server, Ct);
        });
        Assert.Equal(online, await ReadAsync(s => s.Webhooks.GetSettingsAsync(org + "/online", Ct)));
        Assert.Equal(server, await ReadAsync(s => s.Webhooks.GetSettingsAsync(org + "/server", Ct)));
        Assert.Null(await ReadAsync(s => s.Webhooks.GetSettingsAsync(org, Ct)));
    }

    [Fact]
    public async Task Hook_batches_are_upserted_listed_when_due_and_go_with_their_webhook()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("batched", kind: WebhookKinds.Online));
        var layer0 = new HookBatch { WebhookId = hook.Id, LayerId = 0, MinGen = 3, MaxGen = 4, ChangeTypes = ["FeaturesCreated"], FirstAt = 10, LastAt = 10, DueAt = 100 };
        var service = layer0 with { LayerId = -1, MinGen = 0, MaxGen = 0, ChangeTypes = ["FeatureServiceDefinitionChanged"], DueAt = 200 };
        await WriteAsync(async s =>
        {
            await s.HookBatches.UpsertAsync(layer0, Ct);
            await s.HookBatches.UpsertAsync(service, Ct);
        });
        var grown = layer0 with { MaxGen = 9, ChangeTypes = ["FeaturesCreated", "FeaturesDeleted"], LastAt = 50 };
        await WriteAsync(async s =>
        {
            AssertBatches([layer0], [(await s.HookBatches.FindForUpdateAsync(hook.Id.ToUpperInvariant(), 0, Ct))!]);
            await s.HookBatches.UpsertAsync(grown, Ct);
        });

        Assert.Equal(100, await ReadAsync(s => s.HookBatches.NextDueAsync(Ct)));
        Assert.Empty(await ReadAsync(s => s.HookBatches.ListDueAsync(99, 10, Ct)));
        AssertBatches([grown], await ReadAsync(s => s.HookBatches.ListDueAsync(150, 10, Ct)));
        AssertBatches([service, grown], await ReadAsync(s => s.HookBatches.ListDueAsync(500, 10, Ct)));

        await WriteAsync(s => s.HookBatches.DeleteAsync(hook.Id, 0, Ct));
        AssertBatches([service], await ReadAsync(s => s.HookBatches.ListDueAsync(500, 10, Ct)));
        await WriteAsync(s => s.Webhooks.DeleteAsync(hook.Id, Ct));
        Assert.Null(await ReadAsync(s => s.HookBatches.NextDueAsync(Ct)));
    }

    [Fact]
    public async Task The_event_log_tells_its_last_sequence()
    {
        var before = await ReadAsync(s => s.Events.LastSequenceAsync(Ct));
        var appended = await WriteAsync(s => s.Events.AppendAsync(S.Event("add"), Ct));
        Assert.True(appended > before);
        Assert.Equal(appended, await ReadAsync(s => s.Events.LastSequenceAsync(Ct)));
    }

    private static void AssertBatches(IReadOnlyList<HookBatch> expected, IReadOnlyList<HookBatch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].ChangeTypes, actual[i].ChangeTypes);
            Assert.Equal(expected[i] with { ChangeTypes = [] }, actual[i] with { ChangeTypes = [] });
        }
    }
}
