using System.Text.Json;
using System.Threading.Channels;
using Geohooks.Core.Errors;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Geohooks.Core.Features.Changes;

/// <summary>
/// extractChanges with <c>async=true</c>: the job is stored (parameters, not tokens) before the call returns, run in
/// the background, and its result kept as the file the job's <c>resultUrl</c> serves. A server that stops with jobs
/// unfinished runs them again when it starts.
/// </summary>
public sealed partial class ChangeJobs(IStore store, ChangeExtractor extractor, TimeProvider time, ILogger<ChangeJobs> logger) : BackgroundService
{
    public const string ExtractChanges = "extractChanges";

    private readonly Channel<string> queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Validates the request now (so a bad one fails synchronously), stores the job and queues it.</summary>
    public async Task<FeatureJob> SubmitAsync(Caller? caller, string serviceName, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var request = ExtractChangesRequest.Parse(parameters);
        await using var session = await store.WriteAsync(ct);
        var (service, _) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        request.Filter?.Validate(service);
        if (!service.Definition.Capabilities.ChangeTracking)
        {
            throw FeatureErrors.NotSupported("Change tracking is not enabled on this service; add 'ChangeTracking' to its capabilities.");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var job = new FeatureJob
        {
            Id = "j" + Ids.NewId(),
            ServiceKey = service.Key,
            ServiceItemId = service.ItemId,
            Kind = ExtractChanges,
            Status = FeatureJob.Pending,
            Request = JsonSerializer.Serialize(parameters),
            Username = caller?.Username,
            Submitted = now,
            Updated = now,
        };
        await session.Features.InsertJobAsync(job, ct);
        await session.CommitAsync(ct);
        queue.Writer.TryWrite(job.Id);
        return job;
    }

    /// <summary>A job of this service that the caller may see (the service must be visible to them).</summary>
    public async Task<FeatureJob> GetAsync(Caller? caller, string serviceName, string jobId, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var (service, _) = await FeatureServices.FindVisibleAsync(session, caller, serviceName, forUpdate: false, ct);
        var job = await session.Features.FindJobAsync(jobId, ct);
        return job is not null && job.ServiceKey == service.Key ? job : throw Errors.Errors.NotFound("Job");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var session = await store.ReadAsync(stoppingToken))
        {
            foreach (var job in await session.Features.ListUnfinishedJobsAsync(1000, stoppingToken))
            {
                queue.Writer.TryWrite(job.Id);
            }
        }

        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(id, stoppingToken);
        }
    }

    private async Task RunAsync(string id, CancellationToken ct)
    {
        FeatureJob? job;
        await using (var session = await store.WriteAsync(ct))
        {
            job = await session.Features.FindJobAsync(id, ct);
            if (job is null || job.Status is FeatureJob.Completed or FeatureJob.Failed)
            {
                return;
            }

            job = job with { Status = FeatureJob.InProgress, Updated = Now() };
            await session.Features.UpdateJobAsync(job, ct);
            await session.CommitAsync(ct);
        }

        try
        {
            byte[] result;
            await using (var session = await store.ReadAsync(ct))
            {
                var service = await session.Features.FindByItemAsync(job.ServiceItemId, ct) ?? throw FeatureErrors.ServiceNotFound(job.ServiceItemId);
                var caller = await CallerAsync(session, job.Username, ct);
                var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(job.Request) ?? [];
                result = await extractor.ExtractAsync(session, caller, service, ExtractChangesRequest.Parse(parameters), ct);
            }

            await FinishAsync(job with { Status = FeatureJob.Completed, Result = result }, ct);
        }
        catch (ArcGisException e)
        {
            await FinishAsync(job with { Status = FeatureJob.Failed, Error = string.Join(" ", new[] { e.Message }.Concat(e.Details)) }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.JobFailed(logger, e, id);
            await FinishAsync(job with { Status = FeatureJob.Failed, Error = "Unable to complete operation." }, ct);
        }
    }

    private async Task FinishAsync(FeatureJob job, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        await session.Features.UpdateJobAsync(job with { Updated = Now() }, ct);
        await session.CommitAsync(ct);
    }

    private static async Task<Caller?> CallerAsync(IStoreSession session, string? username, CancellationToken ct)
    {
        if (username is null)
        {
            return null;
        }

        var user = await session.Users.FindByUsernameAsync(username, ct);
        var org = user is null ? null : await session.Orgs.FindAsync(user.OrgId, ct);
        return user is not null && org is not null && !user.Disabled ? new Caller(user, org) : throw Errors.Errors.Forbidden("The job's user no longer exists or is disabled.");
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Change extraction job {JobId} failed")]
        public static partial void JobFailed(ILogger logger, Exception exception, string jobId);
    }
}
