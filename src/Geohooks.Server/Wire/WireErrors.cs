using Geohooks.Core.Errors;

namespace Geohooks.Server.Wire;

/// <summary>Errors that come from the transport rather than the domain.</summary>
public static class WireErrors
{
    public static ArcGisException TooLarge(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<WireSettings>().MaxRequestBodyBytes;
        return new ArcGisException(413, "Request body too large.", [$"The request body exceeds the limit of {limit / (1024 * 1024)} MB (option MaxRequestBodyMb)."]);
    }

    public static ArcGisException PostRequired() =>
        new(405, "Method not supported.", ["This operation requires HTTP POST."]);

    public static ArcGisException UnknownResource(string path) =>
        new(404, "Could not find resource or operation on the system.", [$"'{path}' is not a resource or operation of this server."]);

    public static ArcGisException Internal() =>
        new(500, "Unable to complete operation.", ["An unexpected error occurred. The server log has the details."]);
}
