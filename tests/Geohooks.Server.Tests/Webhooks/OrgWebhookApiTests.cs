using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Webhooks;

public sealed class OrgWebhookApiTests
{
    private const string Hooks = Harness.Hooks;

    [Fact]
    public async Task Create_list_get_update_deactivate_activate_delete()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CreateAsync(changes: "manualChanges", events: "/items,/users/jsmith/disable", config: """{"deactivationPolicy":{"numberOfFailures":3,"daysInPast":2}}""");

        var list = await h.Server.GetAsync(Hooks, h.Token);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        Assert.Equal(-1, list.GetProperty("nextStart").GetInt64());
        var hook = list.GetProperty("webhooks")[0];
        Assert.Equal(
            ["id", "accountId", "payloadUrl", "secret", "isActive", "name", "config", "ownerId", "created", "modified", "events"],
            hook.EnumerateObject().Select(p => p.Name).Take(11));
        Assert.Equal(["/items", "/users/jsmith/disable"], hook.Strings("events"));
        Assert.Equal(3, hook.GetProperty("config").GetProperty("deactivationPolicy").GetProperty("numberOfFailures").GetInt32());
        Assert.Equal("s3cr3t", hook.Str("secret"));
        Assert.StartsWith("whsec_", hook.Str("standardWebhooksSecret"), StringComparison.Ordinal);

        (await h.Server.PostAsync($"{Hooks}/{id}/update", h.Token, ("name", "Renamed"), ("changes", "allChanges"))).AssertSuccess();
        var updated = await h.Server.GetAsync($"{Hooks}/{id}", h.Token);
        Assert.Equal(("Renamed", "/"), (updated.Str("name"), updated.Strings("events").Single()));

        (await h.Server.PostAsync($"{Hooks}/{id}/deactivate", h.Token)).AssertSuccess();
        Assert.False((await h.Server.GetAsync($"{Hooks}/{id}", h.Token)).GetProperty("isActive").GetBoolean());
        await h.TouchAsync();
        await h.AssertQuietAsync(0);

        (await h.Server.PostAsync($"{Hooks}/{id}/activate", h.Token)).AssertSuccess();
        Assert.True((await h.Server.GetAsync($"{Hooks}/{id}", h.Token)).GetProperty("isActive").GetBoolean());
        await h.TouchAsync();
        await h.Receiver.WaitForAsync(1);

        (await h.Server.PostAsync($"{Hooks}/{id}/delete", h.Token)).AssertSuccess();
        (await h.Server.GetAsync($"{Hooks}/{id}", h.Token)).AssertError(400);
        Assert.Equal(0, (await h.Server.GetAsync(Hooks, h.Token)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_unreachable_payload_url_fails_creation_and_stores_nothing()
    {
        await using var h = await Harness.StartAsync();
        var closed = await Receiver.StartAsync();
        var url = closed.Url;
        await closed.DisposeAsync();

        var answer = await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "dead"), ("url", url), ("changes", "allChanges"));
        answer.AssertError(400);
        Assert.Contains("could not be reached", answer.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await h.Server.GetAsync(Hooks, h.Token)).GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    public async Task Internal_payload_urls_are_refused_without_the_allow_list(string url)
    {
        await using var server = await GeohooksServer.StartSqliteAsync();
        var token = await server.AdminTokenAsync();
        var answer = await server.PostAsync($"{Hooks}/createWebhook", token, ("name", "ssrf"), ("url", url), ("changes", "allChanges"));
        answer.AssertError(400);
        Assert.Equal(0, (await server.GetAsync(Hooks, token)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Bad_create_parameters_get_clear_errors()
    {
        await using var h = await Harness.StartAsync();
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("url", h.Receiver.Url), ("changes", "allChanges"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("changes", "allChanges"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", h.Receiver.Url))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", h.Receiver.Url), ("changes", "manualChanges"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", h.Receiver.Url), ("changes", "manualChanges"), ("events", "/roles"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", h.Receiver.Url), ("changes", "allChanges"), ("config", "{bad"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", "not a url"), ("changes", "allChanges"))).AssertError(400);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", h.Token, ("name", "n"), ("url", h.Receiver.Url), ("changes", "allChanges"), ("secret", "a\r\nX-Injected: 1"))).AssertError(400);
        Assert.Equal(0, (await h.Server.GetAsync(Hooks, h.Token)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Only_administrators_manage_webhooks()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CreateAsync();
        var member = await h.Server.CreateUserAsync(h.Token, Unique.Name("nohooks"));
        (await h.Server.GetAsync(Hooks, member)).AssertError(403);
        (await h.Server.GetAsync($"{Hooks}/{id}", member)).AssertError(403);
        (await h.Server.PostAsync($"{Hooks}/createWebhook", member, ("name", "n"), ("url", h.Receiver.Url), ("changes", "allChanges"))).AssertError(403);
        (await h.Server.PostAsync($"{Hooks}/{id}/delete", member)).AssertError(403);
        (await h.Server.GetAsync(Hooks, null)).AssertError(499);
    }

    [Fact]
    public async Task Settings_have_documented_defaults_and_ranges()
    {
        await using var h = await Harness.StartAsync();
        var settings = await h.Server.GetAsync($"{Hooks}/settings", h.Token);
        Assert.Equal((3, 10, 5, 10), (settings.GetProperty("notificationAttempts").GetInt32(), settings.GetProperty("notificationTimeOutInSeconds").GetInt32(), settings.GetProperty("notificationElapsedTimeInSeconds").GetInt32(), settings.GetProperty("featureServerMetricIntervalInMinutes").GetInt32()));

        (await h.SettingsAsync(("notificationAttempts", "5"), ("notificationTimeOutInSeconds", "60"), ("notificationElapsedTimeInSeconds", "1"))).AssertSuccess();
        var updated = await h.Server.GetAsync($"{Hooks}/settings", h.Token);
        Assert.Equal((5, 60, 1), (updated.GetProperty("notificationAttempts").GetInt32(), updated.GetProperty("notificationTimeOutInSeconds").GetInt32(), updated.GetProperty("notificationElapsedTimeInSeconds").GetInt32()));

        foreach (var (name, value) in new[] { ("notificationAttempts", "6"), ("notificationAttempts", "-1"), ("notificationTimeOutInSeconds", "61"), ("notificationElapsedTimeInSeconds", "0"), ("notificationElapsedTimeInSeconds", "101"), ("notificationAttempts", "three") })
        {
            var answer = await h.SettingsAsync((name, value));
            answer.AssertError(400);
            Assert.Contains(name, answer.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(5, (await h.Server.GetAsync($"{Hooks}/settings", h.Token)).GetProperty("notificationAttempts").GetInt32());
    }

    [Fact]
    public async Task NotificationStatus_lists_attempts_with_payload_and_response()
    {
        await using var h = await Harness.StartAsync();
        var id = await h.CreateAsync();
        await h.TouchAsync("status me");
        await h.Receiver.WaitForAsync(1);
        var row = (await WaitForStatusAsync(h, id))[0];
        Assert.Equal(id, row.Str("id"));
        Assert.True(row.GetProperty("isInvoked").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$", row.Str("invokedTimestamp"));
        Assert.Equal("""{"success":"true"}""", row.Str("responseText"));
        Assert.Equal("status me", JsonDocument.Parse(row.Str("payload")).RootElement.GetProperty("events")[0].GetProperty("properties").Str("title"));
    }

    private static async Task<JsonElement> WaitForStatusAsync(Harness h, string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var status = await h.Server.GetAsync($"{Hooks}/{id}/notificationStatus", h.Token);
            if (status.GetProperty("total").GetInt64() > 0 || cts.IsCancellationRequested)
            {
                return status.GetProperty("WebhookStatus");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }
}
