using System.Text.Encodings.Web;
using System.Text.Json;

namespace Geohooks.Server.Wire;

/// <summary>Writes ArcGIS JSON: nulls kept (clients expect the keys), pjson indented.</summary>
public static class ArcGisJson
{
    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    public static IResult Ok(object body, ArcGisFormat format) => new JsonBody(body, format, StatusCodes.Status200OK);

    private sealed class JsonBody(object body, ArcGisFormat format, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, body, body.GetType(), format.Pretty ? Indented : Compact, httpContext.RequestAborted);
        }
    }
}
