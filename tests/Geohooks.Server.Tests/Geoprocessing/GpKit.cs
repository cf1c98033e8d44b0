using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Portal;
using Geohooks.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Geohooks.Server.Tests.Geoprocessing;

/// <summary>GPServer over real HTTP: the built-in services' URLs, submitting, polling and reading jobs, their events.</summary>
public static class GpKit
{
    public const string Analysis = "/rest/services/Tools/FeatureAnalysis/GPServer";
    public const string Diagnostics = "/rest/services/Tools/Diagnostics/GPServer";
    public const string Sync = "/rest/services/Tools/DiagnosticsSync/GPServer";

    /// <summary>Submits a job; the answer must be a job id in the submitted state.</summary>
    public static async Task<string> SubmitAsync(this GeohooksServer server, string token, string service, string task, params (string, string)[] inputs)
    {
        var answer = await server.PostAsync($"{service}/{task}/submitJob", token, inputs);
        Assert.True(answer.TryGetProperty("jobId", out var id), answer.ToString());
        Assert.Equal((GpJobStatus.Submitted, 33), (answer.Str("jobStatus"), id.GetString()!.Length));
        return id.GetString()!;
    }

    public static Task<JsonElement> JobAsync(this GeohooksServer server, string token, string service, string task, string jobId) =>
        server.GetAsync($"{service}/{task}/jobs/{jobId}", token);

    /// <summary>Polls the job (the server's own runner works in the background) until <paramref name="done"/> holds.</summary>
    public static async Task<JsonElement> PollAsync(this GeohooksServer server, string token, string service, string task, string jobId, Func<JsonElement, bool> done)
    {
        var job = await server.JobAsync(token, service, task, jobId);
        for (var i = 0; i < 400 && !done(job); i++)
        {
            await Task.Delay(25);
            job = await server.JobAsync(token, service, task, jobId);
        }

        Assert.True(done(job), $"job never got there: {job}\n{string.Join("\n", server.Logs.Lines.TakeLast(30))}");
        return job;
    }

    public static Task<JsonElement> FinishedAsync(this GeohooksServer server, string token, string service, string task, string jobId) =>
        server.PollAsync(token, service, task, jobId, j => GpJobStatus.IsFinished(j.Str("jobStatus")));

    /// <summary>Runs a job to its end and returns the finished job resource.</summary>
    public static async Task<JsonElement> RunAsync(this GeohooksServer server, string token, string service, string task, params (string, string)[] inputs) =>
        await server.FinishedAsync(token, service, task, await server.SubmitAsync(token, service, task, inputs));

    public static async Task<JsonElement> ResultAsync(this GeohooksServer server, string token, string service, string task, string jobId, string parameter)
    {
        var answer = await server.GetAsync($"{service}/{task}/jobs/{jobId}/results/{parameter}", token);
        Assert.Equal(["paramName", "dataType", "value"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal(parameter, answer.Str("paramName"));
        return answer.GetProperty("value");
    }

    /// <summary>
    /// Moves the clock on by one second each time a Wait job of <paramref name="total"/> seconds reports the second it is
    /// in, <paramref name="steps"/> times (all of them by default).
    /// </summary>
    public static async Task<JsonElement> WaitThroughAsync(this GeohooksServer server, FakeTimeProvider clock, string token, string jobId, int total, int? steps = null)
    {
        JsonElement job = default;
        for (var second = 0; second < (steps ?? total); second++)
        {
            var expected = $"Waited {second} of {total} seconds.";
            job = await server.PollAsync(token, Diagnostics, "Wait", jobId, j => j.TryGetProperty("progress", out var p) && p.Str("message") == expected);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return job;
    }

    public static string[] MessageTexts(this JsonElement job) =>
        [.. job.GetProperty("messages").EnumerateArray().Select(m => m.Str("description"))];

    public static async Task<IReadOnlyList<PortalEvent>> GpEventsAfterAsync(this GeohooksServer server, long sequence) =>
        [.. (await server.EventsAfterAsync(sequence)).Where(e => e.Source == EventSources.GpService)];

    public static string Layer(string service, int layer) => JsonSerializer.Serialize(new { serviceName = service, layerId = layer });

    public static string Meters(double distance) => string.Create(CultureInfo.InvariantCulture, $$"""{"distance":{{distance}},"units":"esriMeters"}""");

    /// <summary>A started server whose clock only moves when a test moves it.</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);
}

/// <summary>A server on a fake clock shared by one test class.</summary>
public abstract class GpServerFixture : ServerFixture
{
    public FakeTimeProvider Clock { get; } = GpKit.NewClock();
}

public sealed class SqliteGpServerFixture : GpServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync(Clock);
}

public sealed class PostgresGpServerFixture : GpServerFixture
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync(Clock);
}
