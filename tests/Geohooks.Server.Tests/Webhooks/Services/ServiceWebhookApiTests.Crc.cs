using Geohooks.Core.Webhooks.Services;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Geohooks.Server.Tests.Webhooks.Services;

/// <summary>The CRC handshake of the Online flavor at create and at edit: passing, and failing every way it can.</summary>
public abstract partial class ServiceWebhookApiTests
{
    [Fact]
    public async Task Online_crc_runs_at_create_and_when_an_edit_changes_the_url_or_key()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.AnswerCrc("k1");
        var service = await world.ServiceAsync();
        var root = Hooks.Root(Online, service);
        var id = await world.CreateAsync(Online, service, ("name", "signed"), ("hookUrl", receiver.Url), ("signatureKey", "k1"));
        var check = Assert.Single(receiver.Gets);
        Assert.Matches("^/hook\\?crc_token=[0-9a-f]{32}$", check.Path);
        Assert.Equal(world.Now - 1, ServiceHookSpec.FromConfig((await world.StoredAsync(id))!.Config).CrcCheckedAt);

        // No handshake without a key, for the Enterprise flavor, or for an edit that keeps URL and key.
        await world.CreateAsync(Online, service, ("name", "unsigned"), ("hookUrl", receiver.Url));
        await world.CreateAsync(Enterprise, service, ("name", "enterprise"), ("hookUrl", receiver.Url), ("signatureKey", "k1"));
        Assert.Equal("renamed", (await Server.PostAsync($"{root}/{id}/edit", Token, ("name", "renamed"))).Str("name"));
        Assert.Single(receiver.Gets);

        // A new key must be proven too: the receiver still answers for k1.
        (await Server.PostAsync($"{root}/{id}/edit", Token, ("signatureKey", "k2"))).AssertClassicError(400, "does not match");
        Assert.Equal("k1", (await world.StoredAsync(id))!.Secret);
        receiver.AnswerCrc("k2");
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("k2", (await Server.PostAsync($"{root}/{id}/edit", Token, ("signatureKey", "k2"))).Str("signatureKey"));
        Assert.Equal(world.Now, ServiceHookSpec.FromConfig((await world.StoredAsync(id))!.Config).CrcCheckedAt);
        Assert.Equal(3, receiver.Gets.Count);
    }

    [Fact]
    public async Task A_failed_crc_refuses_the_create_or_edit_and_stores_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        var service = await world.ServiceAsync();
        var root = Hooks.Root(Online, service);
        var id = await world.CreateAsync(Online, service, ("name", "plain"), ("hookUrl", receiver.Url));
        var before = await world.CountAsync();

        receiver.AnswerCrc("other key");
        (await Server.PostAsync(root + "/create", Token, ("name", "wrong"), ("hookUrl", receiver.Url), ("signatureKey", "k"))).AssertClassicError(400, "does not match");
        (await Server.PostAsync($"{root}/{id}/edit", Token, ("signatureKey", "k"))).AssertClassicError(400, "does not match");

        receiver.RespondGet = http =>
        {
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        (await Server.PostAsync(root + "/create", Token, ("name", "broken"), ("hookUrl", receiver.Url), ("signatureKey", "k"))).AssertClassicError(400, "HTTP 500");
        (await Server.PostAsync($"{root}/{id}/edit", Token, ("signatureKey", "k"))).AssertClassicError(400, "HTTP 500");

        receiver.RespondGet = http => http.Response.WriteAsync("not json");
        (await Server.PostAsync(root + "/create", Token, ("name", "chatty"), ("hookUrl", receiver.Url), ("signatureKey", "k"))).AssertClassicError(400, "response_token");

        // Hung receivers: the check gives up after its 5 s, on the server's (fake) clock.
        foreach (var attempt in new Func<Task<System.Text.Json.JsonElement>>[]
        {
            () => Server.PostAsync(root + "/create", Token, ("name", "hung"), ("hookUrl", receiver.Url), ("signatureKey", "k")),
            () => Server.PostAsync($"{root}/{id}/edit", Token, ("signatureKey", "k")),
        })
        {
            var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.RespondGet = async http =>
            {
                asked.TrySetResult();
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            };
            var answer = attempt();
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            world.Clock.Advance(Crc.Timeout + TimeSpan.FromSeconds(1));
            (await answer).AssertClassicError(400, "No response within 5 s");
        }

        Assert.Equal(before, await world.CountAsync());
        Assert.Equal("", (await world.StoredAsync(id))!.Secret);
    }

    [Fact]
    public async Task With_hex_signatures_the_crc_answer_is_expected_in_hex()
    {
        await using var receiver = await Receiver.StartAsync();
        var service = await world.ServiceAsync();
        var settings = Hooks.Root(Online, service) + "/webhookSettings";
        (await Server.PostAsync(settings, Token, ("signatureEncoding", "hex"))).GetArrayLength();
        try
        {
            receiver.AnswerCrc("k");
            (await Server.PostAsync(Hooks.Root(Online, service) + "/create", Token, ("name", "b64"), ("hookUrl", receiver.Url), ("signatureKey", "k"))).AssertClassicError(400, "does not match");
            receiver.AnswerCrc("k", hex: true);
            await world.CreateAsync(Online, service, ("name", "hex"), ("hookUrl", receiver.Url), ("signatureKey", "k"));
        }
        finally
        {
            (await Server.PostAsync(settings, Token, ("signatureEncoding", "base64"))).GetArrayLength();
        }
    }
}
