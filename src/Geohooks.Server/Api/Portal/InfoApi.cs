using Geohooks.Core.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>Discovery documents and tokens: what clients read before anything else (spec wire §3, §7.4–7.5).</summary>
internal static class InfoApi
{
    public static void MapInfo(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("/sharing/rest", () => new { currentVersion = "2025.1" });
        routes.MapResource("/sharing/rest/info", (ArcGisRequest r) => new
        {
            owningSystemUrl = r.BaseUrl,
            authInfo = new { tokenServicesUrl = $"{r.PortalUrl}/generateToken", isTokenBasedSecurity = true },
        });
        routes.MapResource("/rest/info", (ArcGisRequest r) => new
        {
            currentVersion = 11.3,
            fullVersion = "11.3.0",
            owningSystemUrl = r.BaseUrl,
            owningTenant = (string?)null,
            authInfo = new { isTokenBasedSecurity = true, tokenServicesUrl = $"{r.PortalUrl}/generateToken", shortLivedTokenValidity = 60 },
        });
        routes.MapOperation("/sharing/rest/generateToken", GenerateTokenAsync);
        routes.MapOperation("/sharing/rest/oauth2/revokeToken", RevokeTokenAsync);
    }

    private static async Task<object> GenerateTokenAsync(ArcGisRequest r, TokenService tokens)
    {
        var expiration = r.GetInt("expiration", 1, int.MaxValue);
        IssuedToken issued;
        if (r.Get("serverUrl") is { } serverUrl && r.Get("username") is null)
        {
            // The federated exchange: a portal token for a server token (spec wire §3).
            issued = await tokens.ExchangeAsync(r.TokenText ?? throw Core.Errors.Errors.MissingParameter("token"), serverUrl, expiration, r.Aborted);
        }
        else
        {
            issued = await tokens.GenerateAsync(r.Require("username"), r.Require("password"), expiration, r.Get("referer"), r.Aborted);
        }

        return new { token = issued.Token, expires = issued.Expires, ssl = r.Http.Request.IsHttps };
    }

    /// <summary>Revokes the token named by <c>auth_token</c> (OAuth style) or, failing that, the caller's own token.</summary>
    private static async Task<object> RevokeTokenAsync(ArcGisRequest r, TokenService tokens)
    {
        var token = r.Get("auth_token") ?? r.TokenText ?? throw Core.Errors.Errors.MissingParameter("auth_token");
        await tokens.RevokeAsync(token, r.Aborted);
        return new { success = true };
    }
}
