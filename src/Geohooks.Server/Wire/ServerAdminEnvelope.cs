using Geohooks.Core.Errors;

namespace Geohooks.Server.Wire;

/// <summary>
/// Marks endpoints of the ArcGIS Server Administrator API (<c>admin/...</c> service webhooks), which answer success as
/// <c>{"status":"success"}</c> and errors as <c>{"status":"error","messages":[...],"code":n}</c> (spec webhooks §1.2)
/// instead of the classic envelope; still with HTTP 200, like every other error.
/// </summary>
public sealed class ServerAdminEnvelope
{
    public static readonly ServerAdminEnvelope Instance = new();

    public static readonly object Success = new { status = "success" };

    private ServerAdminEnvelope()
    {
    }

    /// <summary>The reasons (<see cref="ArcGisException.Details"/>) are the messages; the summary when there are none.</summary>
    public static object Error(ArcGisException e) => new
    {
        status = "error",
        messages = e.Details.Count > 0 ? e.Details : [e.Message],
        code = e.Code,
    };
}

public static class ServerAdminEnvelopeExtensions
{
    public static TBuilder WithServerAdminEnvelope<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ServerAdminEnvelope.Instance);
}
