using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Portal;

public sealed class TokenTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task GenerateToken_returns_token_and_expiry_in_epoch_ms()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var answer = await Server.PostAsync("generateToken", null, ("username", GeohooksServer.AdminUser), ("password", GeohooksServer.AdminPassword), ("expiration", "20160"), ("client", "referer"), ("referer", "test"));
        Assert.True(answer.Str("token").Length >= 40);
        var expires = answer.GetProperty("expires").GetInt64();
        Assert.InRange(expires, before + TimeSpan.FromDays(14).TotalMilliseconds - 60_000, before + TimeSpan.FromDays(14).TotalMilliseconds + 60_000);
        Assert.Equal(JsonValueKind.False, answer.GetProperty("ssl").ValueKind);
    }

    [Fact]
    public async Task The_token_is_accepted_from_query_body_and_both_bearer_headers()
    {
        var token = await Server.AdminTokenAsync();
        Assert.Equal(GeohooksServer.AdminUser, (await Server.GetAsync("community/self", token)).Str("username"));
        Assert.Equal(GeohooksServer.AdminUser, (await Server.PostAsync("community/self", token)).Str("username"));
        foreach (var header in new[] { "Authorization", "X-Esri-Authorization" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "sharing/rest/community/self?f=json").WithBearer(header, token);
            Assert.Equal(GeohooksServer.AdminUser, (await Server.SendAsync(request)).Str("username"));
        }
    }

    [Fact]
    public async Task Anonymous_self_is_499_and_a_bad_token_is_498()
    {
        var anonymous = await Server.GetAsync("community/self", null);
        anonymous.AssertError(499);
        Assert.Equal("GWM_0003", anonymous.GetProperty("error").Str("messageCode"));
        (await Server.GetAsync("community/self", "garbage")).AssertError(498);
    }

    [Fact]
    public async Task A_revoked_token_is_refused()
    {
        var token = await Server.AdminTokenAsync();
        (await Server.PostAsync("oauth2/revokeToken", null, ("auth_token", token))).AssertSuccess();
        (await Server.GetAsync("community/self", token)).AssertError(498);
    }

    [Fact]
    public async Task Server_info_documents_lead_clients_to_the_token_service()
    {
        var rest = await Server.PostAsync("/rest/info", null);
        Assert.Equal(Server.BaseUrl, rest.Str("owningSystemUrl"));
        Assert.Equal(Server.PortalUrl + "/generateToken", rest.GetProperty("authInfo").Str("tokenServicesUrl"));
        var portal = await Server.GetAsync("info", null);
        Assert.Equal(Server.PortalUrl + "/generateToken", portal.GetProperty("authInfo").Str("tokenServicesUrl"));
    }

    [Fact]
    public async Task The_federated_exchange_turns_a_portal_token_into_a_server_token()
    {
        var portalToken = await Server.AdminTokenAsync();
        var answer = await Server.PostAsync("generateToken", null, ("token", portalToken), ("serverUrl", Server.BaseUrl), ("expiration", "60"));
        var serverToken = answer.Str("token");
        Assert.NotEqual(portalToken, serverToken);
        Assert.Equal(GeohooksServer.AdminUser, (await Server.GetAsync("community/self", serverToken)).Str("username"));
        (await Server.PostAsync("generateToken", null, ("token", "bogus"), ("serverUrl", Server.BaseUrl))).AssertError(498);
    }

    [Fact]
    public async Task Pretty_json_is_indented()
    {
        var text = await Server.Http.GetStringAsync("sharing/rest/info?f=pjson");
        Assert.Contains("\n  \"owningSystemUrl\"", text, StringComparison.Ordinal);
    }
}
