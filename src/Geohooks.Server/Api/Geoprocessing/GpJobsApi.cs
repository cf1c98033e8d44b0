using System.Text.Json.Nodes;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Portal;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Geoprocessing;

/// <summary>
/// The GPServer operations (spec resources §10.4–§10.8): <c>submitJob</c> and the job resources on asynchronous
/// services, <c>execute</c> on synchronous ones. Each answers GET and POST, as ArcGIS documents them.
/// </summary>
internal static class GpJobsApi
{
    private delegate Task<(GpParameter Parameter, JsonNode? Value)> ValueReader(Caller caller, string folder, string name, string task, string jobId, string parameter, CancellationToken ct);

    public static void MapGpJobs(this IEndpointRouteBuilder routes)
    {
        foreach (var root in GpServicesApi.ServiceRoots)
        {
            var task = root + "/{task}";
            routes.MapResource(task + "/submitJob", (ArcGisRequest r, GpJobs jobs) =>
                SnapshotAsync(r, (caller, at) => jobs.SubmitAsync(caller, at.Folder, at.Service, at.Task, r.Get, r.Aborted)));
            routes.MapResource(task + "/execute", ExecuteAsync);
            routes.MapResource(task + "/jobs/{jobId}", JobAsync);
            routes.MapResource(task + "/jobs/{jobId}/cancel", (ArcGisRequest r, GpJobs jobs) =>
                SnapshotAsync(r, (caller, at) => jobs.CancelAsync(caller, at.Folder, at.Service, at.Task, at.JobId, r.Aborted)));
            routes.MapResource(task + "/jobs/{jobId}/results/{param}", (ArcGisRequest r, GpJobs jobs) => ValueAsync(r, jobs.ResultAsync));
            routes.MapResource(task + "/jobs/{jobId}/inputs/{param}", (ArcGisRequest r, GpJobs jobs) => ValueAsync(r, jobs.InputAsync));
        }
    }

    /// <summary>The signed-in caller (499 for anonymous requests) and where the request points.</summary>
    private static async Task<(Caller Caller, GpRoute At)> ResolveAsync(ArcGisRequest r) => (await r.RequireCallerAsync(), GpRoute.Of(r));

    /// <summary>An operation on a job answered, as ArcGIS answers submitJob and cancel, with <c>{jobId, jobStatus}</c>.</summary>
    private static async Task<object> SnapshotAsync(ArcGisRequest r, Func<Caller, GpRoute, Task<GpJob>> operation)
    {
        var (caller, at) = await ResolveAsync(r);
        var job = await operation(caller, at);
        return new { jobId = job.Id, jobStatus = job.Status };
    }

    private static async Task<object> ExecuteAsync(ArcGisRequest r, GpJobs jobs)
    {
        var (caller, at) = await ResolveAsync(r);
        var (results, messages) = await jobs.ExecuteAsync(caller, at.Folder, at.Service, at.Task, r.Get, r.Aborted);
        return new { results = results.Select(x => GpJson.Value(x.Parameter, x.Value)).ToArray(), messages = GpJson.Messages(messages) };
    }

    private static async Task<object> JobAsync(ArcGisRequest r, GpJobs jobs)
    {
        var (caller, at) = await ResolveAsync(r);
        var job = await jobs.GetAsync(caller, at.Folder, at.Service, at.Task, at.JobId, r.Aborted);
        var (service, task) = jobs.Task(at.Folder, at.Service, at.Task);
        return GpJson.Job(service, task, job, r.GetBool("returnMessages") ?? true);
    }

    /// <summary>A result or an input of a job: <c>{paramName, dataType, value}</c>.</summary>
    private static async Task<object> ValueAsync(ArcGisRequest r, ValueReader read)
    {
        var (caller, at) = await ResolveAsync(r);
        var (parameter, value) = await read(caller, at.Folder, at.Service, at.Task, at.JobId, at.Parameter, r.Aborted);
        return GpJson.Value(parameter, value);
    }
}
