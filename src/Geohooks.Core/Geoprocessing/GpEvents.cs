using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// The event of a finished job (webhooks spec §3.1, §3.8: GP webhooks fire when a job succeeds, fails or is
/// cancelled), appended in the write session that stores the final status so the two commit together. Operation is
/// the final status; the target is the service's <see cref="GpCatalog.ScopeKey"/>; the actor is the submitter.
/// </summary>
public static class GpEvents
{
    /// <summary>
    /// Stores <paramref name="job"/> as finished (fenced as <see cref="IGpJobRepository.FinishAsync"/> says) and, only if
    /// that wrote, appends its event and wakes the runners, all in <paramref name="session"/>. False when nothing was written.
    /// </summary>
    public static async Task<bool> FinishAsync(IStoreSession session, GpJob job, string? results, string? leaseToken, CancellationToken ct)
    {
        if (!await session.GpJobs.FinishAsync(job, results, leaseToken, ct))
        {
            return false;
        }

        await RecordAsync(session, job, ct);
        session.Signal(GpJobRunner.Channel);
        return true;
    }

    public static Task RecordAsync(IStoreSession session, GpJob job, CancellationToken ct)
    {
        session.Signal(Channels.Events);
        var when = job.Completed ?? job.Updated;
        return session.Events.AppendAsync(
            new PortalEvent
            {
                Id = Ids.NewTimeOrderedId(when),
                OrgId = job.OrgId,
                Source = EventSources.GpService,
                Operation = job.Status,
                TargetId = GpCatalog.ScopeKey(job.Folder, job.Service),
                Username = job.Username,
                UserId = job.UserId,
                When = when,
                Properties = JsonSerializer.Serialize(new { folderName = job.Folder, serviceName = job.Service, taskName = job.Task, jobId = job.Id }),
            },
            ct);
    }
}
