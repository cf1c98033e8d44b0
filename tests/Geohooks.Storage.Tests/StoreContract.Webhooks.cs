using Geohooks.Core.Delivery;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Webhooks_round_trip_update_and_delete()
    {
        var webhook = S.Webhook("crud") with { FailureWindowStart = Scenario.T0 - 5, FailureCount = 2, DeactivationReason = "policy" };
        var upper = webhook with { Id = webhook.Id.ToUpperInvariant() };
        await WriteAsync(s => s.Webhooks.InsertAsync(upper, Ct));
        AssertSame(webhook, await ReadAsync(s => s.Webhooks.FindAsync(upper.Id, Ct)));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => WriteAsync(s => s.Webhooks.InsertAsync(webhook, Ct)));

        var changed = webhook with
        {
            Name = "renamed",
            PayloadUrl = "https://elsewhere.example/hook",
            Secret = "",
            IsActive = false,
            Events = ["/users"],
            Config = "{}",
            Modified = Scenario.T0 + 9,
            FailureWindowStart = null,
            FailureCount = 0,
            DeactivationReason = null,
        };
        await WriteAsync(s => s.Webhooks.UpdateAsync(changed, Ct));
        AssertSame(changed, await ReadAsync(s => s.Webhooks.FindAsync(webhook.Id, Ct)));

        await WriteAsync(s => s.Webhooks.DeleteAsync(upper.Id, Ct));
        Assert.Null(await ReadAsync(s => s.Webhooks.FindAsync(webhook.Id, Ct)));
    }

    [Fact]
    public async Task A_locking_read_finds_the_webhook_or_nothing()
    {
        await using var hook = await TestHook.CreateAsync(Store, S.Webhook("lockable"));
        var found = await WriteAsync(s => s.Webhooks.FindForUpdateAsync(hook.Id.ToUpperInvariant(), Ct));
        Assert.Equal(hook.Id, found?.Id);
        Assert.Null(await WriteAsync(s => s.Webhooks.FindForUpdateAsync("ffffffffffffffffffffffffffffffff", Ct)));
    }

    [Fact]
    public async Task Many_webhooks_are_found_in_one_call_whatever_the_case_and_missing_ones_are_left_out()
    {
        var hooks = Enumerable.Range(0, 3).Select(i => S.Webhook("many" + i)).ToList();
        await WriteAsync(async s =>
        {
            foreach (var hook in hooks)
            {
                await s.Webhooks.InsertAsync(hook, Ct);
            }
        });

        // Past one statement's worth of ids, with duplicates and ids that do not exist.
        var missing = Enumerable.Range(0, 150).Select(_ => Scenario.NewId());
        string[] asked = [hooks[0].Id, hooks[2].Id.ToUpperInvariant(), hooks[0].Id, .. missing, hooks[1].Id];
        var found = await ReadAsync(s => s.Webhooks.FindManyAsync(asked, Ct));
        Assert.Equal(hooks.Select(h => h.Id).Order(), found.Select(h => h.Id).Order());
        AssertSame(hooks[2], found.Single(h => h.Id == hooks[2].Id));
        Assert.Empty(await ReadAsync(s => s.Webhooks.FindManyAsync([], Ct)));
    }

    [Fact]
    public async Task Webhooks_are_listed_oldest_first_in_pages_and_active_ones_across_orgs()
    {
        var third = S.Webhook("third", created: Scenario.T0 + 2);
        var first = S.Webhook("first", created: Scenario.T0);
        var second = S.Webhook("second", active: false, created: Scenario.T0 + 1);
        var otherKind = S.Webhook("service", kind: "featureServer");
        var otherOrg = S.Webhook("elsewhere", orgId: Scenario.NewId());
        await WriteAsync(async s =>
        {
            foreach (var webhook in new[] { third, first, second, otherKind, otherOrg })
            {
                await s.Webhooks.InsertAsync(webhook, Ct);
            }
        });

        var page = await ReadAsync(s => s.Webhooks.ListAsync(S.OrgId, WebhookKinds.Organization, 1, 2, Ct));
        Assert.Equal(3, page.Total);
        Assert.Equal([first.Id, second.Id], page.Results.Select(w => w.Id));
        var last = await ReadAsync(s => s.Webhooks.ListAsync(S.OrgId, WebhookKinds.Organization, 3, 2, Ct));
        Assert.Equal([third.Id], last.Results.Select(w => w.Id));
        AssertSame(third, last.Results[0]);

        var active = (await ReadAsync(s => s.Webhooks.ListActiveAsync([WebhookKinds.Organization], Ct))).Select(w => w.Id).ToList();
        Assert.Contains(first.Id, active);
        Assert.Contains(third.Id, active);
        Assert.Contains(otherOrg.Id, active);
        Assert.DoesNotContain(second.Id, active);
        Assert.DoesNotContain(otherKind.Id, active);
        Assert.True(active.IndexOf(first.Id) < active.IndexOf(third.Id));
        var kinds = await ReadAsync(s => s.Webhooks.ListActiveAsync(["featureServer", WebhookKinds.Organization], Ct));
        Assert.Equal(active.Append(otherKind.Id).Order(), kinds.Select(w => w.Id).Order());
        Assert.Equal(kinds.OrderBy(w => w.Created).ThenBy(w => w.Id, StringComparer.Ordinal), kinds);
        Assert.Empty(await ReadAsync(s => s.Webhooks.ListActiveAsync([], Ct)));

        await WriteAsync(async s =>
        {
            foreach (var webhook in new[] { third, first, second, otherKind, otherOrg })
            {
                await s.Webhooks.DeleteAsync(webhook.Id, Ct);
            }
        });
    }

    [Fact]
    public async Task Deleting_a_webhook_deletes_its_deliveries_and_attempts()
    {
        var hook = await TestHook.CreateAsync(Store, S.Webhook("doomed"));
        var delivery = (await hook.AddAsync(Scenario.Delivery(hook.Id)))[0];
        await WriteAsync(async s =>
        {
            await s.Deliveries.ClaimAsync(10, Scenario.T0, "lease", Scenario.T0 + 1000, Ct);
            return await s.Deliveries.CompleteAttemptAsync(delivery.Id, "lease", Scenario.Attempt(delivery.Id, hook.Id, 1, succeeded: true), new AttemptOutcome(DeliveryStatus.Succeeded, null, Scenario.T0 + 1), Ct);
        });
        Assert.Single(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(delivery.Id, Ct)));

        await hook.DisposeAsync();
        Assert.Null(await ReadAsync(s => s.Deliveries.FindAsync(delivery.Id, Ct)));
        Assert.Empty(await ReadAsync(s => s.Deliveries.ListAttemptsAsync(delivery.Id, Ct)));
        Assert.Equal(0, (await ReadAsync(s => s.Deliveries.ListAttemptsByWebhookAsync(hook.Id, 1, 10, Ct))).Total);
    }

    [Fact]
    public async Task Webhook_settings_are_null_until_set_and_then_round_trip()
    {
        Assert.Null(await ReadAsync(s => s.Webhooks.GetSettingsAsync(S.OrgId, Ct)));
        var settings = new WebhookSettings(5, 20, 30, 15);
        await WriteAsync(s => s.Webhooks.SetSettingsAsync(S.OrgId, settings, Ct));
        Assert.Equal(settings, await ReadAsync(s => s.Webhooks.GetSettingsAsync(S.OrgId, Ct)));
        await WriteAsync(s => s.Webhooks.SetSettingsAsync(S.OrgId, WebhookSettings.Default, Ct));
        Assert.Equal(WebhookSettings.Default, await ReadAsync(s => s.Webhooks.GetSettingsAsync(S.OrgId, Ct)));
        Assert.Null(await ReadAsync(s => s.Webhooks.GetSettingsAsync(Scenario.NewId(), Ct)));
    }

    [Fact]
    public async Task Cursors_start_at_zero_and_keep_what_was_set()
    {
        var name = S.Name("cursor");
        Assert.Equal(0, await WriteAsync(s => s.Webhooks.LockCursorAsync(name, Ct)));
        await WriteAsync(async s =>
        {
            Assert.Equal(0, await s.Webhooks.LockCursorAsync(name, Ct));
            await s.Webhooks.SetCursorAsync(name, 42, Ct);
        });
        Assert.Equal(42, await WriteAsync(s => s.Webhooks.LockCursorAsync(name, Ct)));

        await using (var rolledBack = await Store.WriteAsync(Ct))
        {
            await rolledBack.Webhooks.SetCursorAsync(name, 99, Ct);
        }

        await WriteAsync(s => s.Webhooks.SetCursorAsync(S.Name("fresh"), 7, Ct));
        Assert.Equal(42, await WriteAsync(s => s.Webhooks.LockCursorAsync(name, Ct)));
        Assert.Equal(7, await WriteAsync(s => s.Webhooks.LockCursorAsync(S.Name("fresh"), Ct)));
    }
}
