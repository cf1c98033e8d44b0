using System.Collections.Concurrent;
using Geohooks.Core.Delivery;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// Runs submitted jobs, at most <see cref="GpOptions.MaxConcurrency"/> at once in this process. Checkpoints:
/// 1. a job is claimed (Executing, under a lease) in a committed transaction before its tool starts, so no two
///    runners — in this process or another sharing the database — ever start the same job;
/// 2. while it runs, heartbeats renew the lease and store its messages and progress, fenced by the lease token;
/// 3. its final status, messages, results and webhook event are written in one transaction, again fenced by the
///    token: a runner that lost its lease writes nothing.
/// A job whose process died mid-run is not run again (the tools' work need not be idempotent): once its lease
/// expires, a sweep fails it with a message saying so (or, if a cancel had been asked, cancels it). A runner that is
/// stopped fails its executing jobs the same way at once.
/// </summary>
public sealed partial class GpJobRunner(
    IStore store, GpCatalog catalog, TimeProvider time, IOptions<GpOptions> options, ILogger<GpJobRunner> logger) : BackgroundService
{
    /// <summary>Signalled when jobs are submitted or finish: runners look for work.</summary>
    public const string Channel = "gp-jobs";

    /// <summary>The message of a job whose process stopped or died while it executed.</summary>
    public const string Interrupted = "The job was interrupted: the server process running it stopped before it finished. It was not run again; submit it again.";

    private const int SweepBatch = 100;

    private readonly GpOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private long? _lastSweep;

    /// <summary>Stops a job this process runs at once (a cancel asked through this process; others see it at their next heartbeat).</summary>
    public void CancelLocal(string jobId)
    {
        if (_running.TryGetValue(jobId, out var job))
        {
            job.RequestCancel();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepWhenDueAsync(stoppingToken);
                    var free = _options.MaxConcurrency - _running.Count;
                    foreach (var job in free > 0 ? await ClaimAsync(free, stoppingToken) : [])
                    {
                        Start(job, stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.LoopFailed(logger, e);
                }

                await Signals.WaitAsync(store, Channel, _options.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the running jobs see the same token and record that they were interrupted.
        }

        await Task.WhenAll(_running.Values.Select(r => r.Completion));
    }

    private async Task<IReadOnlyList<GpJob>> ClaimAsync(int limit, CancellationToken ct)
    {
        var now = Now();
        await using var session = await store.WriteAsync(ct);
        var claimed = await session.GpJobs.ClaimAsync(limit, now, Ids.NewId(), now + (long)_options.LeaseDuration.TotalMilliseconds, ct);
        await session.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Fails (or, when a cancel was asked, cancels) jobs whose runner died: their lease expired.</summary>
    private async Task SweepWhenDueAsync(CancellationToken ct)
    {
        var now = Now();
        if (_lastSweep is { } last && now - last < _options.SweepInterval.TotalMilliseconds)
        {
            return;
        }

        await using var session = await store.WriteAsync(ct);
        foreach (var job in await session.GpJobs.ListExpiredAsync(SweepBatch, now, ct))
        {
            var final = job.Status == GpJobStatus.Cancelling ? Ended(job, GpJobStatus.Cancelled, now) : Failed(job, now, [Interrupted]);
            await GpEvents.FinishAsync(session, final, null, job.LeaseToken, ct);
            Log.Swept(logger, job.Id, final.Status);
        }

        await session.CommitAsync(ct);
        _lastSweep = now;
    }

    private void Start(GpJob job, CancellationToken stoppingToken)
    {
        var running = new RunningJob(this, job, stoppingToken);
        _running[job.Id] = running;
        running.Completion = Task.Run(() => RunAsync(running, stoppingToken), CancellationToken.None);
    }

    /// <summary>Renews the job's lease and stores its messages and progress; the job's status, or null when the lease was lost.</summary>
    private async Task<string?> HeartbeatAsync(GpJob job, IReadOnlyList<GpMessage> messages, GpProgress? progress, CancellationToken ct)
    {
        var now = Now();
        await using var session = await store.WriteAsync(ct);
        var status = await session.GpJobs.HeartbeatAsync(job.Id, job.LeaseToken!, now + (long)_options.LeaseDuration.TotalMilliseconds, messages, progress, now, ct);
        await session.CommitAsync(ct);
        return status;
    }

    private ILogger Logger => logger;

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The job in a final status, its messages closed as ArcGIS closes them.</summary>
    internal static GpJob Ended(GpJob job, string status, long now, IReadOnlyList<GpMessage>? messages = null)
    {
        var ended = job with { Status = status, Completed = now, Updated = now, Progress = null, Messages = messages ?? job.Messages };
        return status == GpJobStatus.Cancelled ? ended.WithMessage(GpMessageTypes.Informative, "Cancel complete.") : ended;
    }

    private static GpJob Failed(GpJob job, long now, IEnumerable<string> reasons, IReadOnlyList<GpMessage>? messages = null)
    {
        var failed = Ended(job, GpJobStatus.Failed, now, messages);
        foreach (var reason in reasons)
        {
            failed = failed.WithMessage(GpMessageTypes.Error, reason);
        }

        return failed.WithMessage(GpMessageTypes.Error, $"Failed to execute ({job.Task}).");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The geoprocessing job runner failed to claim or sweep jobs")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Geoprocessing job {JobId} lost its runner (lease expired); now {Status}")]
        public static partial void Swept(ILogger logger, string jobId, string status);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Geoprocessing job {JobId} failed unexpectedly")]
        public static partial void JobCrashed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Geoprocessing job {JobId} could not store its heartbeat")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Geoprocessing job {JobId} could not store its final status")]
        public static partial void FinishFailed(ILogger logger, Exception exception, string jobId);
    }
}
