namespace Geohooks.Server.Wire;

/// <summary>
/// How ArcGIS endpoints are mapped: resources answer GET and POST (clients POST to resource URLs, spec wire §7);
/// operations that change state require POST. Handlers return a body object, rendered per <c>f</c>.
/// </summary>
public static class ArcGisRouting
{
    private static readonly string[] GetAndPost = [HttpMethods.Get, HttpMethods.Post];

    public static RouteHandlerBuilder MapResource(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        routes.MapMethods(pattern, GetAndPost, handler).AddEndpointFilter(RenderBody);

    /// <summary>A state-changing operation: POST only; a GET gets a clear envelope instead of a silent 405.</summary>
    public static RouteHandlerBuilder MapOperation(this IEndpointRouteBuilder routes, string pattern, Delegate handler)
    {
        routes.MapGet(pattern, () => Results.Empty).AddEndpointFilter((_, _) => throw WireErrors.PostRequired());
        return routes.MapPost(pattern, handler).AddEndpointFilter(RenderBody);
    }

    private static async ValueTask<object?> RenderBody(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is null or IResult)
        {
            return result;
        }

        var request = context.Arguments.OfType<ArcGisRequest>().FirstOrDefault();
        return ArcGisJson.Ok(result, request?.Format ?? ArcGisFormat.Json);
    }
}
