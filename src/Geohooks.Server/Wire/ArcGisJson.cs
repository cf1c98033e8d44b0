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

    /// <summary>A body written straight to the response with a <see cref="Utf8JsonWriter"/>: large feature sets, exact key order.</summary>
    public static IResult Write(ArcGisFormat format, Action<Utf8JsonWriter> write, bool geoJson = false) => new WrittenBody(format, write, geoJson);

    private sealed class WrittenBody(ArcGisFormat format, Action<Utf8JsonWriter> write, bool geoJson) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = geoJson ? "application/geo+json; charset=utf-8" : "application/json; charset=utf-8";
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
            await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = format.Pretty, Encoder = Compact.Encoder, SkipValidation = false }))
            {
                write(writer);
            }

            await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
        }
    }

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
