using Geohooks.Core.Features;
using Geohooks.Core.Features.Changes;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary>
/// extractChanges and its jobs (webhooks spec §6.1): synchronous answers, or with <c>async=true</c> a status URL to
/// poll and a result file to fetch — the URLs webhook receivers follow from a notification's <c>changesUrl</c>.
/// </summary>
internal static class FeatureChangesApi
{
    private static readonly string[] Parameters =
    [
        "layers", "serverGens", "layerServerGens", "returnInserts", "returnUpdates", "returnDeletes", "returnIdsOnly",
        "returnAttachments", "returnAttachmentsDataByUrl", "returnDeletedFeatures", "returnHasGeometryUpdates", "layerQueries",
        "geometry", "geometryType", "inSR", "spatialRel", "outSR", "transportType", "dataFormat", "filter",
    ];

    public static void MapFeatureChanges(this IEndpointRouteBuilder routes)
    {
        foreach (var root in FeatureServicesApi.ServiceRoots)
        {
            routes.MapResource(root + "/extractChanges", ExtractAsync);
            routes.MapResource(root + "/jobs/{jobId}", StatusAsync);
            routes.MapResource(root + "/jobs/{jobId}/result", ResultAsync);
        }
    }

    private static async Task<IResult> ExtractAsync(ArcGisRequest r, string name, ChangeExtractor extractor, ChangeJobs jobs)
    {
        var caller = await r.CallerAsync();
        var parameters = r.Select(Parameters);
        if (r.GetBool("async") == true)
        {
            var job = await jobs.SubmitAsync(caller, name, parameters, r.Aborted);
            return ArcGisJson.Ok(new { statusUrl = JobUrl(r, name, job.Id) }, r.Format);
        }

        var result = await extractor.ExtractAsync(caller, name, ExtractChangesRequest.Parse(parameters), r.Aborted);
        return Results.Bytes(result, "application/json; charset=utf-8");
    }

    private static async Task<object> StatusAsync(ArcGisRequest r, string name, string jobId, ChangeJobs jobs)
    {
        var job = await jobs.GetAsync(await r.CallerAsync(), name, jobId, r.Aborted);
        return new
        {
            status = job.Status,
            responseType = "esriDataChangesResponseTypeEdits",
            transportType = "esriTransportTypeUrl",
            resultUrl = job.Status == FeatureJob.Completed ? JobUrl(r, name, job.Id) + "/result" : "",
            submissionTime = job.Submitted,
            lastUpdatedTime = job.Updated,
            error = job.Error,
        };
    }

    private static async Task<IResult> ResultAsync(ArcGisRequest r, string name, string jobId, ChangeJobs jobs)
    {
        var job = await jobs.GetAsync(await r.CallerAsync(), name, jobId, r.Aborted);
        return job is { Status: FeatureJob.Completed, Result: { } result }
            ? Results.Bytes(result, "application/json; charset=utf-8")
            : throw Core.Errors.Errors.BadRequest($"Job '{jobId}' has no result yet (status {job.Status}).");
    }

    private static string JobUrl(ArcGisRequest r, string name, string jobId) => $"{FeatureServicesApi.ServicesRoot(r)}/{name}/FeatureServer/jobs/{jobId}";
}
