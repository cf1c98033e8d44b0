using System.Text.Json;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.Geoprocessing.GpKit;

namespace Geohooks.Server.Tests.Geoprocessing;

/// <summary>
/// Jobs from submission to their end on a fake clock: progress while waiting, success, failure, cancellation of an
/// executing and of a queued job; who may read and cancel them; and the one event each finished job appends.
/// </summary>
public abstract class GpJobTests(GpServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task A_wait_job_reports_progress_succeeds_and_appends_one_event_with_the_contract_fields()
    {
        var admin = await Server.AdminTokenAsync();
        var before = await Server.LastEventSequenceAsync();
        var jobId = await Server.SubmitAsync(admin, Diagnostics, "Wait", ("Seconds", "3"));
        var executing = await Server.WaitThroughAsync(fixture.Clock, admin, jobId, 3);
        Assert.Equal((GpJobStatus.Executing, "step", 66), (executing.Str("jobStatus"), executing.GetProperty("progress").Str("type"), executing.GetProperty("progress").GetProperty("percent").GetInt32()));
        Assert.False(executing.TryGetProperty("results", out _));

        var job = await Server.FinishedAsync(admin, Diagnostics, "Wait", jobId);
        var completed = fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(GpJobStatus.Succeeded, job.Str("jobStatus"));
        Assert.False(job.TryGetProperty("progress", out _));
        Assert.Equal(["Submitted.", "Executing...", "Waited 3 seconds."], job.MessageTexts()[..3]);
        Assert.Matches(@"^Succeeded at .* \(Elapsed Time: 3\.00 seconds\)$", job.MessageTexts()[3]);
        Assert.All(job.GetProperty("messages").EnumerateArray(), m => Assert.Equal(["type", "description"], m.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(3, (await Server.ResultAsync(admin, Diagnostics, "Wait", jobId, "Waited_Seconds")).GetInt32());
        Assert.Empty((await Server.GetAsync($"{Diagnostics}/Wait/jobs/{jobId}", admin, ("returnMessages", "false"))).GetProperty("messages").EnumerateArray());
        Assert.Equal(3, (await Server.GetAsync($"{Diagnostics}/Wait/jobs/{jobId}/inputs/Seconds", admin)).GetProperty("value").GetInt32());

        var e = Assert.Single(await Server.GpEventsAfterAsync(before));
        var self = await Server.GetAsync("portals/self", admin);
        Assert.Equal(
            (EventSources.GpService, GpJobStatus.Succeeded, self.Str("id"), "GPServer:tools/diagnostics", Admin, completed),
            (e.Source, e.Operation, e.OrgId, e.TargetId, e.Username, e.When));
        Assert.Equal(32, e.UserId.Length);
        var properties = e.Properties();
        Assert.Equal(["folderName", "serviceName", "taskName", "jobId"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Tools", "Diagnostics", "Wait", jobId), (properties.Str("folderName"), properties.Str("serviceName"), properties.Str("taskName"), properties.Str("jobId")));

        // Reading the finished job again appends nothing.
        await Server.JobAsync(admin, Diagnostics, "Wait", jobId);
        Assert.Single(await Server.GpEventsAfterAsync(before));
    }

    [Fact]
    public async Task A_job_asked_to_fail_fails_with_its_message_and_one_event()
    {
        var admin = await Server.AdminTokenAsync();
        var before = await Server.LastEventSequenceAsync();
        var job = await Server.RunAsync(admin, Diagnostics, "Wait", ("Seconds", "0"), ("Fail_With", "The river flooded."));
        Assert.Equal(GpJobStatus.Failed, job.Str("jobStatus"));
        var errors = job.GetProperty("messages").EnumerateArray().Where(m => m.Str("type") == GpMessageTypes.Error).Select(m => m.Str("description"));
        Assert.Equal(["The river flooded.", "Failed to execute (Wait)."], errors);
        Assert.False(job.TryGetProperty("results", out _));
        (await Server.GetAsync($"{Diagnostics}/Wait/jobs/{job.Str("jobId")}/results/Waited_Seconds", admin)).AssertError(400);
        var e = Assert.Single(await Server.GpEventsAfterAsync(before));
        Assert.Equal((GpJobStatus.Failed, job.Str("jobId")), (e.Operation, e.Properties().Str("jobId")));
    }

    [Fact]
    public async Task Cancelling_a_waiting_job_stops_it_and_a_finished_job_cannot_be_cancelled()
    {
        var admin = await Server.AdminTokenAsync();
        var before = await Server.LastEventSequenceAsync();
        var jobId = await Server.SubmitAsync(admin, Diagnostics, "Wait", ("Seconds", "100"));
        await Server.WaitThroughAsync(fixture.Clock, admin, jobId, 100, steps: 2);
        await Server.PollAsync(admin, Diagnostics, "Wait", jobId, j => j.GetProperty("progress").Str("message") == "Waited 2 of 100 seconds.");

        var cancel = await Server.PostAsync($"{Diagnostics}/Wait/jobs/{jobId}/cancel", admin);
        Assert.Equal(["jobId", "jobStatus"], cancel.EnumerateObject().Select(p => p.Name));
        Assert.Contains(cancel.Str("jobStatus"), new[] { GpJobStatus.Cancelling, GpJobStatus.Cancelled });
        var job = await Server.FinishedAsync(admin, Diagnostics, "Wait", jobId);
        Assert.Equal((GpJobStatus.Cancelled, "Cancel complete."), (job.Str("jobStatus"), job.MessageTexts()[^1]));
        var e = Assert.Single(await Server.GpEventsAfterAsync(before));
        Assert.Equal((GpJobStatus.Cancelled, jobId), (e.Operation, e.Properties().Str("jobId")));

        var again = await Server.PostAsync($"{Diagnostics}/Wait/jobs/{jobId}/cancel", admin);
        again.AssertError(400);
        Assert.Equal("Invalid or missing input parameters.", again.GetProperty("error").Str("message"));
        (await Server.GetAsync($"{Diagnostics}/Wait/jobs/{jobId}/results/Waited_Seconds", admin)).AssertError(400);
        Assert.Single(await Server.GpEventsAfterAsync(before));
    }

    [Fact]
    public async Task A_queued_job_is_cancelled_at_once_while_every_runner_slot_is_busy()
    {
        var admin = await Server.AdminTokenAsync();
        var busy = new List<string>();
        for (var i = 0; i < new GpOptions().MaxConcurrency; i++)
        {
            var id = await Server.SubmitAsync(admin, Diagnostics, "Wait", ("Seconds", "3600"));
            await Server.PollAsync(admin, Diagnostics, "Wait", id, j => j.Str("jobStatus") == GpJobStatus.Executing);
            busy.Add(id);
        }

        var before = await Server.LastEventSequenceAsync();
        var queued = await Server.SubmitAsync(admin, Diagnostics, "Wait", ("Seconds", "1"));
        Assert.Equal(GpJobStatus.Submitted, (await Server.JobAsync(admin, Diagnostics, "Wait", queued)).Str("jobStatus"));
        var cancel = await Server.PostAsync($"{Diagnostics}/Wait/jobs/{queued}/cancel", admin);
        Assert.Equal(GpJobStatus.Cancelled, cancel.Str("jobStatus"));
        var job = await Server.JobAsync(admin, Diagnostics, "Wait", queued);
        Assert.Equal(GpJobStatus.Cancelled, job.Str("jobStatus"));
        Assert.Equal(["Submitted.", "Cancel complete."], job.MessageTexts());
        Assert.Equal([(GpJobStatus.Cancelled, queued)], (await Server.GpEventsAfterAsync(before)).Select(e => (e.Operation, e.Properties().Str("jobId"))));

        foreach (var id in busy)
        {
            await Server.PostAsync($"{Diagnostics}/Wait/jobs/{id}/cancel", admin);
            Assert.Equal(GpJobStatus.Cancelled, (await Server.FinishedAsync(admin, Diagnostics, "Wait", id)).Str("jobStatus"));
        }
    }

    [Fact]
    public async Task Only_the_submitter_and_administrators_see_or_cancel_a_job_and_tools_read_only_what_the_caller_may()
    {
        var admin = await Server.AdminTokenAsync();
        var (alice, bob) = (Unique.Name("alice"), Unique.Name("bob"));
        var aliceToken = await Server.CreateUserAsync(admin, alice);
        var bobToken = await Server.CreateUserAsync(admin, bob);

        (await Server.PostAsync($"{Diagnostics}/Wait/submitJob", null, ("Seconds", "0"))).AssertError(499);
        (await Server.PostAsync($"{Diagnostics}/Wait/submitJob", "not-a-token", ("Seconds", "0"))).AssertError(498);
        var jobId = await Server.SubmitAsync(aliceToken, Diagnostics, "Wait", ("Seconds", "0"));
        var job = await Server.FinishedAsync(aliceToken, Diagnostics, "Wait", jobId);
        Assert.Equal(GpJobStatus.Succeeded, job.Str("jobStatus"));
        (await Server.JobAsync(bobToken, Diagnostics, "Wait", jobId)).AssertError(404);
        (await Server.GetAsync($"{Diagnostics}/Wait/jobs/{jobId}/results/Waited_Seconds", bobToken)).AssertError(404);
        (await Server.PostAsync($"{Diagnostics}/Wait/jobs/{jobId}/cancel", bobToken)).AssertError(404);
        (await Server.JobAsync(null!, Diagnostics, "Wait", jobId)).AssertError(499);
        Assert.Equal(GpJobStatus.Succeeded, (await Server.JobAsync(admin, Diagnostics, "Wait", jobId)).Str("jobStatus"));
        (await Server.JobAsync(aliceToken, Diagnostics, "Diagnostics", jobId)).AssertError(404);

        // A private service of the administrator is not there for Alice's buffer until it is shared with her.
        var name = Unique.Name("Private");
        var item = await Server.CreateServiceWithAsync(admin, Admin, name);
        await Server.AddAsync(admin, name, 0, """[{"geometry":{"x":1,"y":1},"attributes":{"name":"x"}}]""");
        var hidden = await Server.PostAsync($"{Analysis}/BufferFeatures/submitJob", aliceToken, ("Input_Layer", Layer(name, 0)), ("Distance", Meters(10)));
        hidden.AssertError(400);
        Assert.Contains("Input_Layer", hidden.GetProperty("error").GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        await Server.PostAsync($"content/users/{Admin}/items/{item}/share", admin, ("org", "true"));
        var buffered = await Server.RunAsync(aliceToken, Analysis, "BufferFeatures", ("Input_Layer", Layer(name, 0)), ("Distance", Meters(10)));
        Assert.Equal(GpJobStatus.Succeeded, buffered.Str("jobStatus"));
    }

    [Fact]
    public void The_catalog_finds_services_and_builds_scope_keys_and_job_urls()
    {
        var catalog = (GpCatalog)fixture.Server.Services.GetService(typeof(GpCatalog))!;
        var diagnostics = catalog.Find("tools", "DIAGNOSTICS");
        Assert.NotNull(diagnostics);
        Assert.Equal(("Tools", "Diagnostics", true), (diagnostics.Folder, diagnostics.Name, diagnostics.IsAsynchronous));
        Assert.Equal(["Wait"], diagnostics.TaskNames);
        Assert.False(catalog.Find("Tools", "DiagnosticsSync")!.IsAsynchronous);
        Assert.Null(catalog.Find("", "Diagnostics"));
        Assert.Equal("GPServer:tools/featureanalysis", GpCatalog.ScopeKey("Tools", "FeatureAnalysis"));
        Assert.Equal("GPServer:geocode", GpCatalog.ScopeKey("", "Geocode"));
        Assert.Equal(
            "http://127.0.0.1:5080/arcgis/rest/services/Tools/Diagnostics/GPServer/Wait/jobs/j0123",
            GpCatalog.JobUrl("http://127.0.0.1:5080/arcgis/", "Tools", "Diagnostics", "Wait", "j0123"));
        Assert.Equal(
            "http://h/arcgis/rest/services/Tool/GPServer/Summarize%20Parcels/jobs/j1",
            GpCatalog.JobUrl("http://h/arcgis/", "", "Tool", "Summarize Parcels", "j1"));
    }
}

public sealed class SqliteGpJobTests(SqliteGpServerFixture f) : GpJobTests(f), IClassFixture<SqliteGpServerFixture>;

public sealed class PostgresGpJobTests(PostgresGpServerFixture f) : GpJobTests(f), IClassFixture<PostgresGpServerFixture>;
