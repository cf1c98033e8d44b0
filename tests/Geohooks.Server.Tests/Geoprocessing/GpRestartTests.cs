using System.Text.Json;
using Geohooks.Core.Geoprocessing;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Testing;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.Geoprocessing.GpKit;

namespace Geohooks.Server.Tests.Geoprocessing;

/// <summary>
/// Jobs survive the process: a queued job runs after a restart; a job that was executing is failed explicitly — at
/// once when its server stops, or once its lease expires when its process died — and never run again; each gets one
/// event. On PostgreSQL, two processes sharing the database run each job once.
/// </summary>
public abstract class GpRestartTests
{
    /// <summary>Starts a server on this test's data (the same data every time it is called).</summary>
    protected abstract Task<GeohooksServer> StartAsync(TimeProvider? clock);

    [Fact]
    public async Task Stopping_fails_executing_jobs_explicitly_and_queued_jobs_run_after_the_restart()
    {
        var busy = new List<string>();
        string queued;
        long before;
        await using (var first = await StartAsync(NewClock()))
        {
            var token = await first.AdminTokenAsync();
            for (var i = 0; i < new GpOptions().MaxConcurrency; i++)
            {
                busy.Add(await first.SubmitAsync(token, Diagnostics, "Wait", ("Seconds", "3600")));
                await first.PollAsync(token, Diagnostics, "Wait", busy[^1], j => j.Str("jobStatus") == GpJobStatus.Executing);
            }

            queued = await first.SubmitAsync(token, Diagnostics, "Wait", ("Seconds", "0"));
            before = await first.LastEventSequenceAsync();
        }

        await using var second = await StartAsync(null);
        var admin = await second.AdminTokenAsync();
        Assert.Equal(GpJobStatus.Succeeded, (await second.FinishedAsync(admin, Diagnostics, "Wait", queued)).Str("jobStatus"));
        foreach (var id in busy)
        {
            var job = await second.JobAsync(admin, Diagnostics, "Wait", id);
            Assert.Equal(GpJobStatus.Failed, job.Str("jobStatus"));
            Assert.Equal([GpJobRunner.Interrupted, "Failed to execute (Wait)."], job.MessageTexts()[^2..]);
        }

        var events = await second.GpEventsAfterAsync(before);
        Assert.Equal(
            busy.Select(id => (id, GpJobStatus.Failed)).Append((queued, GpJobStatus.Succeeded)).Order(),
            events.Select(e => (e.Properties().Str("jobId"), e.Operation)).Order());
    }

    [Fact]
    public async Task A_job_whose_process_died_is_failed_once_its_lease_expires_and_is_not_run_again()
    {
        var clock = NewClock();
        await using var server = await StartAsync(clock);
        var token = await server.AdminTokenAsync();
        var before = await server.LastEventSequenceAsync();
        var executing = await InsertOrphanAsync(server, clock, GpJobStatus.Executing);
        var cancelling = await InsertOrphanAsync(server, clock, GpJobStatus.Cancelling);
        Assert.Equal(GpJobStatus.Executing, (await server.JobAsync(token, Diagnostics, "Wait", executing)).Str("jobStatus"));

        clock.Advance(new GpOptions().LeaseDuration + TimeSpan.FromSeconds(1));
        var failed = await server.FinishedAsync(token, Diagnostics, "Wait", executing);
        Assert.Equal(GpJobStatus.Failed, failed.Str("jobStatus"));
        Assert.Equal(["Submitted.", "Executing...", GpJobRunner.Interrupted, "Failed to execute (Wait)."], failed.MessageTexts());
        var cancelled = await server.FinishedAsync(token, Diagnostics, "Wait", cancelling);
        Assert.Equal((GpJobStatus.Cancelled, "Cancel complete."), (cancelled.Str("jobStatus"), cancelled.MessageTexts()[^1]));
        Assert.Equal(
            new[] { (executing, GpJobStatus.Failed), (cancelling, GpJobStatus.Cancelled) }.Order(),
            (await server.GpEventsAfterAsync(before)).Select(e => (e.Properties().Str("jobId"), e.Operation)).Order());
    }

    /// <summary>A job left as a process that died while running it leaves it: claimed under a lease nobody renews.</summary>
    private static async Task<string> InsertOrphanAsync(GeohooksServer server, TimeProvider clock, string status)
    {
        await using var session = await server.Store.WriteAsync(CancellationToken.None);
        var admin = (await session.Users.FindByUsernameAsync(GeohooksServer.AdminUser, CancellationToken.None))!;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var job = new GpJob
        {
            Id = "j" + Guid.NewGuid().ToString("N"),
            OrgId = admin.OrgId,
            Folder = "Tools",
            Service = "Diagnostics",
            Task = "Wait",
            Status = status,
            Username = admin.Username,
            UserId = admin.Id,
            Inputs = """{"Seconds":5,"Fail_With":null}""",
            Messages = [new(GpMessageTypes.Informative, "Submitted."), new(GpMessageTypes.Informative, "Executing...")],
            Submitted = now,
            Started = now,
            Updated = now,
            LeaseToken = "a-runner-that-died",
            LeaseExpiresAt = now + (long)new GpOptions().LeaseDuration.TotalMilliseconds,
        };
        await session.GpJobs.InsertAsync(job, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return job.Id;
    }
}

public sealed class SqliteGpRestartTests : GpRestartTests, IDisposable
{
    private readonly TempDirectory data = new("geohooks-gp");

    public void Dispose() => data.Dispose();

    protected override Task<GeohooksServer> StartAsync(TimeProvider? clock) => GeohooksServer.StartSqliteAsync(clock, "--data", data.Path);
}

public sealed class PostgresGpRestartTests : GpRestartTests
{
    private readonly Lazy<Task<string>> database = new(async () => await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());

    protected override async Task<GeohooksServer> StartAsync(TimeProvider? clock) => await GeohooksServer.StartOnPostgresAsync(await database.Value, clock);

    [Fact]
    public async Task Two_processes_sharing_the_database_run_each_job_once()
    {
        await using var a = await StartAsync(null);
        await using var b = await StartAsync(null);
        var token = await a.AdminTokenAsync();
        var before = await a.LastEventSequenceAsync();
        var jobs = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            jobs.Add(await (i % 2 == 0 ? a : b).SubmitAsync(token, Diagnostics, "Wait", ("Seconds", "0")));
        }

        foreach (var id in jobs)
        {
            var job = await a.FinishedAsync(token, Diagnostics, "Wait", id);
            Assert.Equal(GpJobStatus.Succeeded, job.Str("jobStatus"));
            Assert.Single(job.MessageTexts(), m => m == "Executing...");
        }

        var events = await b.GpEventsAfterAsync(before);
        Assert.Equal(jobs.Order(), events.Select(e => e.Properties().Str("jobId")).Order());
    }
}
