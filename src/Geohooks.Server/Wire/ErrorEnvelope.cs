using Geohooks.Core.Errors;

namespace Geohooks.Server.Wire;

/// <summary>
/// The ArcGIS error envelope, always with HTTP 200 so that ArcGIS REST JS applies its token refresh on 498/499
/// (spec wire §2, §7). Endpoints marked <see cref="ServerAdminEnvelope"/> get the Server Administrator API's shape.
/// </summary>
public static class ErrorEnvelope
{
    public static object Of(ArcGisException e) => e.MessageCode is { } messageCode
        ? new { error = new { code = e.Code, messageCode, message = e.Message, details = e.Details } }
        : new { error = new { code = e.Code, message = e.Message, details = e.Details } };

    public static Task WriteAsync(HttpContext http, ArcGisException e)
    {
        var format = ArcGisFormat.Lenient(http.Request.Query["f"]);
        var serverAdmin = http.GetEndpoint()?.Metadata.GetMetadata<ServerAdminEnvelope>() is not null;
        return ArcGisJson.Ok(serverAdmin ? ServerAdminEnvelope.Error(e) : Of(e), format).ExecuteAsync(http);
    }
}
