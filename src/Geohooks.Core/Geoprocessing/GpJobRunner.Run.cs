using System.Globalization;
using System.Text.Json.Nodes;
using Geohooks.Core.Errors;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing;

public sealed partial class GpJobRunner
{
    private async Task RunAsync(RunningJob run, CancellationToken stopping)
    {
        var job = run.Job;
        var started = time.GetTimestamp();
        GpJob? final = null;
        string? results = null;
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        Task? heartbeats = null;
        try
        {
            run.Message(GpMessageTypes.Informative, "Executing...");
            await run.ProgressAsync("Executing...", null, run.Token);
            heartbeats = HeartbeatsAsync(run, beating.Token);
            var tool = catalog.Find(job.Folder, job.Service)?.FindTask(job.Task)
                ?? throw GpErrors.ToolFailed($"The task '{job.Task}' is no longer offered by this server.");
            var caller = await CallerAsync(job, run.Token);
            var outputs = await tool.RunAsync(caller, GpValues.Parse(job.Inputs), run, run.Token);
            results = Results(tool, outputs);
            var elapsed = time.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            final = Ended(job, GpJobStatus.Succeeded, Now(), run.Messages)
                .WithMessage(GpMessageTypes.Informative, $"Succeeded at {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC (Elapsed Time: {elapsed} seconds)");
        }
        catch (OperationCanceledException) when (run.LeaseLost)
        {
            // Another runner's sweep has already ended this job; nothing of ours may be written.
        }
        catch (OperationCanceledException) when (run.CancelRequested)
        {
            final = Ended(job, GpJobStatus.Cancelled, Now(), run.Messages);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            final = Failed(job, Now(), [Interrupted], run.Messages);
        }
        catch (ArcGisException e)
        {
            final = Failed(job, Now(), Reasons(e), run.Messages);
        }
        catch (Exception e)
        {
            Log.JobCrashed(logger, e, job.Id);
            final = Failed(job, Now(), ["An unexpected error occurred. The server log has the details."], run.Messages);
        }
        finally
        {
            await beating.CancelAsync();
            if (heartbeats is not null)
            {
                await heartbeats;
            }
        }

        await FinishAsync(job, final, results);
        _running.TryRemove(job.Id, out _);
        run.Dispose();
    }

    // Not cancellable: the job's outcome is written even while the server stops.
    private async Task FinishAsync(GpJob job, GpJob? final, string? results)
    {
        if (final is null)
        {
            return;
        }

        try
        {
            await using var session = await store.WriteAsync(CancellationToken.None);
            if (await GpEvents.FinishAsync(session, final, results, job.LeaseToken, CancellationToken.None))
            {
                await session.CommitAsync(CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // The lease runs out and the sweep fails the job explicitly.
            Log.FinishFailed(logger, e, job.Id);
        }
    }

    private async Task HeartbeatsAsync(RunningJob run, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.HeartbeatInterval, time, ct);
                await run.StoreAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The job ended.
        }
    }

    /// <summary>The submitter, as they are now: a user removed or disabled since cannot run jobs.</summary>
    private async Task<Caller> CallerAsync(GpJob job, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var user = await session.Users.FindByIdAsync(job.UserId, ct);
        var org = user is null ? null : await session.Orgs.FindAsync(user.OrgId, ct);
        return user is { Disabled: false } && org is not null ? new Caller(user, org) : throw GpErrors.ToolFailed("The user who submitted the job no longer exists or is disabled.");
    }

    private static string Results(GpTool tool, IReadOnlyDictionary<string, JsonNode?> outputs)
    {
        var json = new JsonObject();
        foreach (var parameter in tool.Parameters.Where(p => !p.IsInput))
        {
            json[parameter.Name] = outputs.GetValueOrDefault(parameter.Name)?.DeepClone();
        }

        return json.ToJsonString();
    }

    /// <summary>A tool's reasons: the details of a tool failure; message and details of any other ArcGIS error.</summary>
    private static IEnumerable<string> Reasons(ArcGisException e) =>
        e.Details.Count > 0 && e.Message == GpErrors.ToolFailedMessage ? e.Details : [string.Join(" ", [e.Message, .. e.Details])];

    /// <summary>A job this process runs: its messages and progress, and why it might be stopped.</summary>
    private sealed class RunningJob(GpJobRunner runner, GpJob job, CancellationToken stopping) : GpMessageLog(job.Messages), IDisposable
    {
        private readonly CancellationTokenSource cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private readonly SemaphoreSlim writing = new(1, 1);
        private GpProgress? progress;
        private volatile bool cancelRequested;
        private volatile bool leaseLost;

        public GpJob Job => job;

        public CancellationToken Token => cancel.Token;

        public Task Completion { get; set; } = Task.CompletedTask;

        public bool CancelRequested => cancelRequested;

        public bool LeaseLost => leaseLost;

        public void RequestCancel()
        {
            cancelRequested = true;
            Stop();
        }

        public override Task ProgressAsync(string message, int? percent, CancellationToken ct)
        {
            progress = percent is { } p ? new GpProgress("step", message, Math.Clamp(p, 0, 100)) : new GpProgress("default", message, null);
            return StoreAsync(ct);
        }

        /// <summary>A heartbeat with the current messages and progress; stops the tool on a cancel request or a lost lease.</summary>
        public async Task StoreAsync(CancellationToken ct)
        {
            await writing.WaitAsync(ct);
            try
            {
                var status = await runner.HeartbeatAsync(job, Messages, progress, ct);
                if (status is null)
                {
                    leaseLost = true;
                    Stop();
                }
                else if (status == GpJobStatus.Cancelling)
                {
                    RequestCancel();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store hiccup must not fail the job; the next heartbeat tries again before the lease runs out.
                Log.HeartbeatFailed(runner.Logger, e, job.Id);
            }
            finally
            {
                writing.Release();
            }

            ct.ThrowIfCancellationRequested();
        }

        public void Dispose()
        {
            cancel.Dispose();
            writing.Dispose();
        }

        private void Stop()
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The job already ended.
            }
        }
    }
}
