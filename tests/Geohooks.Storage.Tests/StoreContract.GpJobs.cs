using Geohooks.Core.Geoprocessing;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Gp_jobs_are_claimed_once_oldest_first_and_written_only_under_their_lease()
    {
        // Jobs other tests left queued are taken out of the way under a lease that never expires here.
        await WriteAsync(s => s.GpJobs.ClaimAsync(10_000, Scenario.T0, "drain", long.MaxValue, Ct));
        var (first, second, third) = (GpJob(Scenario.T0), GpJob(Scenario.T0 + 1), GpJob(Scenario.T0 + 2));
        await WriteAsync(async s =>
        {
            await s.GpJobs.InsertAsync(second, Ct);
            await s.GpJobs.InsertAsync(first, Ct);
            await s.GpJobs.InsertAsync(third, Ct);
        });
        AssertSame(first, await ReadAsync(s => s.GpJobs.FindAsync(first.Id, Ct)));

        var now = Scenario.T0 + 10;
        var one = await WriteAsync(s => s.GpJobs.ClaimAsync(2, now, "one", now + Lease, Ct));
        Assert.Equal([first.Id, second.Id], one.Select(j => j.Id));
        AssertSame(first with { Status = GpJobStatus.Executing, LeaseToken = "one", LeaseExpiresAt = now + Lease, Started = now, Updated = now }, one[0]);
        Assert.Equal([third.Id], (await WriteAsync(s => s.GpJobs.ClaimAsync(5, now, "two", now + Lease, Ct))).Select(j => j.Id));
        Assert.Empty(await WriteAsync(s => s.GpJobs.ClaimAsync(5, now, "three", now + Lease, Ct)));

        // Heartbeats store progress only under the lease and report a cancel request.
        GpMessage[] messages = [new(GpMessageTypes.Informative, "Executing..."), new(GpMessageTypes.Warning, "Ünïcode ✓")];
        var progress = new GpProgress("step", "Half way", 50);
        Assert.Equal(GpJobStatus.Executing, await WriteAsync(s => s.GpJobs.HeartbeatAsync(first.Id, "one", now + (2 * Lease), messages, progress, now + 1, Ct)));
        Assert.Null(await WriteAsync(s => s.GpJobs.HeartbeatAsync(first.Id, "two", now + (2 * Lease), [], null, now + 1, Ct)));
        var beating = await ReadAsync(s => s.GpJobs.FindAsync(first.Id, Ct));
        AssertSame((messages, progress, now + (2 * Lease)), (beating!.Messages, beating.Progress, beating.LeaseExpiresAt!.Value));
        Assert.True(await WriteAsync(s => s.GpJobs.RequestCancelAsync(first.Id, now + 2, Ct)));
        Assert.False(await WriteAsync(s => s.GpJobs.RequestCancelAsync(first.Id, now + 2, Ct)));
        Assert.Equal(GpJobStatus.Cancelling, await WriteAsync(s => s.GpJobs.HeartbeatAsync(first.Id, "one", now + (2 * Lease), messages, progress, now + 3, Ct)));

        // Leases that ran out are listed; the sweep and the holder race through the same fence.
        var expired = await WriteAsync(s => s.GpJobs.ListExpiredAsync(10_000, now + Lease + 1, Ct));
        Assert.Equal(new[] { second.Id, third.Id }.Order(), expired.Where(j => j.Id == second.Id || j.Id == third.Id).Select(j => j.Id).Order());
        Assert.DoesNotContain(expired, j => j.Id == first.Id);

        var done = one[1] with { Status = GpJobStatus.Succeeded, Completed = now + 5, Updated = now + 5, Messages = messages, LeaseToken = null, LeaseExpiresAt = null };
        Assert.False(await WriteAsync(s => s.GpJobs.FinishAsync(done, """{"out":1}""", null, Ct)));
        Assert.False(await WriteAsync(s => s.GpJobs.FinishAsync(done, """{"out":1}""", "two", Ct)));
        Assert.True(await WriteAsync(s => s.GpJobs.FinishAsync(done, """{"out":1}""", "one", Ct)));
        AssertSame(done, await ReadAsync(s => s.GpJobs.FindAsync(second.Id, Ct)));
        Assert.Equal("""{"out":1}""", await ReadAsync(s => s.GpJobs.FindResultsAsync(second.Id, Ct)));
        Assert.False(await WriteAsync(s => s.GpJobs.FinishAsync(done, "{}", "one", Ct)));

        // A queued job is finished without a lease, once.
        var queued = GpJob(Scenario.T0 + 3);
        await WriteAsync(s => s.GpJobs.InsertAsync(queued, Ct));
        var cancelled = queued with { Status = GpJobStatus.Cancelled, Completed = now, Updated = now };
        Assert.True(await WriteAsync(s => s.GpJobs.FinishAsync(cancelled, null, null, Ct)));
        Assert.False(await WriteAsync(s => s.GpJobs.FinishAsync(cancelled, null, null, Ct)));
        AssertSame(cancelled, await ReadAsync(s => s.GpJobs.FindAsync(queued.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.GpJobs.FindResultsAsync(queued.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.GpJobs.FindAsync("jnone", Ct)));
    }

    private static GpJob GpJob(long submitted) => new()
    {
        Id = "j" + Guid.NewGuid().ToString("N"),
        OrgId = "gpOrg0123456789a",
        Folder = "Tools",
        Service = "Diagnostics",
        Task = "Wait",
        Status = GpJobStatus.Submitted,
        Username = "gp-user",
        UserId = Guid.NewGuid().ToString("N"),
        Inputs = """{"Seconds":1}""",
        Messages = [new(GpMessageTypes.Informative, "Submitted.")],
        Submitted = submitted,
        Updated = submitted,
    };
}
