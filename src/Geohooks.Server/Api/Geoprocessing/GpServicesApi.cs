using Geohooks.Core.Geoprocessing;
using Geohooks.Server.Api.Features;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Geoprocessing;

/// <summary>
/// Geoprocessing services as resources (spec resources §10): the folder catalogs, each service and its tasks, at
/// <c>rest/services/[folder/]&lt;name&gt;/GPServer[/&lt;task&gt;]</c>. Every GP resource needs a signed-in member
/// (anonymous callers get 499), as the built-in services are shared with the organization only.
/// </summary>
internal static class GpServicesApi
{
    public static readonly string[] ServiceRoots = ["/rest/services/{folder}/{service}/GPServer", "/rest/services/{service}/GPServer"];

    public static void MapGpServices(this IEndpointRouteBuilder routes)
    {
        // Literal folders (Hosted) win over this route; any other name is a GP folder or an unknown resource.
        routes.MapResource("/rest/services/{folder}", FolderAsync);

        foreach (var root in ServiceRoots)
        {
            routes.MapResource(root, ServiceAsync);
            routes.MapResource(root + "/{task}", TaskAsync);
        }
    }

    private static async Task<object> FolderAsync(ArcGisRequest r, GpCatalog catalog, string folder)
    {
        if (!catalog.Folders.Contains(folder, StringComparer.OrdinalIgnoreCase))
        {
            throw WireErrors.UnknownResource(r.Http.Request.Path);
        }

        var signedIn = await r.CallerAsync() is not null;
        return new
        {
            currentVersion = ServiceJson.CurrentVersion,
            folders = Array.Empty<string>(),
            services = catalog.Services.Where(s => signedIn && string.Equals(s.Folder, folder, StringComparison.OrdinalIgnoreCase))
                .Select(s => new { name = s.Path, type = "GPServer", url = $"{FeatureServicesApi.ServicesRoot(r)}/{s.Path}/GPServer" })
                .ToArray(),
        };
    }

    private static async Task<object> ServiceAsync(ArcGisRequest r, GpJobs jobs)
    {
        await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        return GpJson.Service(jobs.Service(at.Folder, at.Service));
    }

    private static async Task<object> TaskAsync(ArcGisRequest r, GpJobs jobs)
    {
        await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var (service, task) = jobs.Task(at.Folder, at.Service, at.Task);
        return GpJson.Task(service, task);
    }
}

/// <summary>Where a GP request points: folder ("" for the root), service, task, job and parameter from the route.</summary>
internal sealed record GpRoute(string Folder, string Service, string Task, string JobId, string Parameter)
{
    public static GpRoute Of(ArcGisRequest r) => new(Value(r, "folder"), Value(r, "service"), Value(r, "task"), Value(r, "jobId"), Value(r, "param"));

    private static string Value(ArcGisRequest r, string name) => r.Http.GetRouteValue(name) as string ?? "";
}
