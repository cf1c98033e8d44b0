using Geohooks.Core.Errors;

namespace Geohooks.Server.Wire;

/// <summary>
/// The last line: any exception becomes the ArcGIS envelope. Domain errors are expected and not logged;
/// anything else is logged (without request parameters, which may hold tokens or passwords) and answered as 500.
/// </summary>
public sealed partial class ArcGisErrorMiddleware(RequestDelegate next, ILogger<ArcGisErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (ArcGisException e) when (!http.Response.HasStarted)
        {
            await ErrorEnvelope.WriteAsync(http, e);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            await ErrorEnvelope.WriteAsync(http, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? WireErrors.TooLarge(http) : Errors.BadRequest("The request could not be read."));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            Log.Unhandled(logger, http.Request.Method, http.Request.Path, e);
            await ErrorEnvelope.WriteAsync(http, WireErrors.Internal());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled error on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
