using Geohooks.Core.Geoprocessing;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Geoprocessing;

/// <summary>
/// The GPServer operations (spec resources §10.4–§10.8): <c>submitJob</c> and the job resources on asynchronous
/// services, <c>execute</c> on synchronous ones. Each answers GET and POST, as ArcGIS documents them.
/// </summary>
internal static class GpJobsApi
{
    public static void MapGpJobs(this IEndpointRouteBuilder routes)
    {
        foreach (var root in GpServicesApi.ServiceRoots)
        {
            var task = root + "/{task}";
            routes.MapResource(task + "/submitJob", SubmitAsync);
            routes.MapResource(task + "/execute", ExecuteAsync);
            routes.MapResource(task + "/jobs/{jobId}", JobAsync);
            routes.MapResource(task + "/jobs/{jobId}/cancel", CancelAsync);
            routes.MapResource(task + "/jobs/{jobId}/results/{param}", ResultAsync);
            routes.MapResource(task + "/jobs/{jobId}/inputs/{param}", InputAsync);
        }
    }

    private static async Task<object> SubmitAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var job = await jobs.SubmitAsync(caller, at.Folder, at.Service, at.Task, r.Get, r.Aborted);
        return new { jobId = job.Id, jobStatus = job.Status };
    }

    private static async Task<object> ExecuteAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var (results, messages) = await jobs.ExecuteAsync(caller, at.Folder, at.Service, at.Task, r.Get, r.Aborted);
        return new { results = results.Select(x => GpJson.Value(x.Parameter, x.Value)).ToArray(), messages = GpJson.Messages(messages) };
    }

    private static async Task<object> JobAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var job = await jobs.GetAsync(caller, at.Folder, at.Service, at.Task, at.JobId, r.Aborted);
        var (service, task) = jobs.Task(at.Folder, at.Service, at.Task);
        return GpJson.Job(service, task, job, r.GetBool("returnMessages") ?? true);
    }

    private static async Task<object> CancelAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var job = await jobs.CancelAsync(caller, at.Folder, at.Service, at.Task, at.JobId, r.Aborted);
        return new { jobId = job.Id, jobStatus = job.Status };
    }

    private static async Task<object> ResultAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var (parameter, value) = await jobs.ResultAsync(caller, at.Folder, at.Service, at.Task, at.JobId, at.Parameter, r.Aborted);
        return GpJson.Value(parameter, value);
    }

    private static async Task<object> InputAsync(ArcGisRequest r, GpJobs jobs)
    {
        var caller = await r.RequireCallerAsync();
        var at = GpRoute.Of(r);
        var (parameter, value) = await jobs.InputAsync(caller, at.Folder, at.Service, at.Task, at.JobId, at.Parameter, r.Aborted);
        return GpJson.Value(parameter, value);
    }
}
