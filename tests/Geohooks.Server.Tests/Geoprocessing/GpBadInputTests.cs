using System.Net;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;
using static Geohooks.Server.Tests.Geoprocessing.GpKit;

namespace Geohooks.Server.Tests.Geoprocessing;

/// <summary>
/// Bad input to the GPServer endpoints gets the ArcGIS envelope (HTTP 200, never a 500 or a stack trace) and changes
/// nothing: no job, no event. Inputs are checked against the task's parameters, then against the layer they name.
/// </summary>
public abstract class GpBadInputTests(GpBadInputWorld world)
{
    /// <summary>
    /// One bad request. <c>Path</c> may hold {a} (FeatureAnalysis), {d} (Diagnostics), {s} (DiagnosticsSync), {job} (a
    /// finished Wait job of the administrator); <c>Parameters</c> is <c>name=value|…</c> and may hold {svc} (a layer's service).
    /// </summary>
    public sealed record Row(string Description, string Method, string Path, string Token, string Parameters, int Code);

    private const string Buffer = "{a}/BufferFeatures/submitJob";
    private const string Summary = "{a}/SummarizeByField/submitJob";
    private const string Layer0 = """Input_Layer={"serviceName":"{svc}","layerId":0}""";
    private const string Hundred = """Distance={"distance":100}""";

    public static readonly IReadOnlyList<Row> Table =
    [
        new("submitJob: no token", "POST", "{d}/Wait/submitJob", "none", "Seconds=1", 499),
        new("submitJob: garbage token", "POST", "{d}/Wait/submitJob", "garbage", "Seconds=1", 498),
        new("Wait: Seconds is text", "POST", "{d}/Wait/submitJob", "admin", "Seconds=abc", 400),
        new("Wait: Seconds is a fraction", "POST", "{d}/Wait/submitJob", "admin", "Seconds=1.5", 400),
        new("Wait: Seconds below its range", "POST", "{d}/Wait/submitJob", "admin", "Seconds=-1", 400),
        new("Wait: Seconds above its range", "POST", "{d}/Wait/submitJob", "admin", "Seconds=3601", 400),
        new("Wait: Seconds beyond a GPLong", "POST", "{d}/Wait/submitJob", "admin", "Seconds=99999999999999999999", 400),
        new("Wait: f=xml", "GET", "{d}/Wait/submitJob", "admin", "Seconds=1|f=xml", 400),
        new("Buffer: no Input_Layer", "POST", Buffer, "admin", Hundred, 400),
        new("Buffer: Input_Layer is not JSON", "POST", Buffer, "admin", "Input_Layer={nope|" + Hundred, 400),
        new("Buffer: Input_Layer is an array", "POST", Buffer, "admin", "Input_Layer=[1]|" + Hundred, 400),
        new("Buffer: an inline feature set", "POST", Buffer, "admin", """Input_Layer={"features":[]}|""" + Hundred, 400),
        new("Buffer: the URL of something else", "POST", Buffer, "admin", """Input_Layer={"url":"http://example.org/x"}|""" + Hundred, 400),
        new("Buffer: a URL that is not a string", "POST", Buffer, "admin", """Input_Layer={"url":5}|""" + Hundred, 400),
        new("Buffer: serviceName without layerId", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}"}|""" + Hundred, 400),
        new("Buffer: negative layerId", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}","layerId":-1}|""" + Hundred, 400),
        new("Buffer: unknown service", "POST", Buffer, "admin", """Input_Layer={"serviceName":"NoSuchService","layerId":0}|""" + Hundred, 400),
        new("Buffer: unknown layer", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}","layerId":7}|""" + Hundred, 400),
        new("Buffer: a table", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}","layerId":1}|""" + Hundred, 400),
        new("Buffer: filter is not a string", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}","layerId":0,"filter":5}|""" + Hundred, 400),
        new("Buffer: bad filter", "POST", Buffer, "admin", """Input_Layer={"serviceName":"{svc}","layerId":0,"filter":"name = "}|""" + Hundred, 400),
        new("Buffer: unknown field in Where", "POST", Buffer, "admin", Layer0 + "|Where=nope = 1|" + Hundred, 400),
        new("Buffer: SQL in Where", "POST", Buffer, "admin", Layer0 + "|Where=1=1; DROP TABLE users|" + Hundred, 400),
        new("Buffer: Distance is not JSON", "POST", Buffer, "admin", Layer0 + "|Distance=100", 400),
        new("Buffer: distance is text", "POST", Buffer, "admin", Layer0 + """|Distance={"distance":"far"}""", 400),
        new("Buffer: unknown units", "POST", Buffer, "admin", Layer0 + """|Distance={"distance":1,"units":"esriParsecs"}""", 400),
        new("Buffer: units are not a length", "POST", Buffer, "admin", Layer0 + """|Distance={"distance":1,"units":"esriDecimalDegrees"}""", 400),
        new("Buffer: zero distance", "POST", Buffer, "admin", Layer0 + """|Distance={"distance":0}""", 400),
        new("Buffer: 2000 km", "POST", Buffer, "admin", Layer0 + """|Distance={"distance":2000,"units":"esriKilometers"}""", 400),
        new("Buffer: Dissolve=maybe", "POST", Buffer, "admin", Layer0 + "|" + Hundred + "|Dissolve=maybe", 400),
        new("Summary: no Field", "POST", Summary, "admin", Layer0, 400),
        new("Summary: unknown Field", "POST", Summary, "admin", Layer0 + "|Field=nope", 400),
        new("Summary: Sum_Field is text", "POST", Summary, "admin", Layer0 + "|Field=name|Sum_Field=name", 400),
        new("Summary: unknown Sum_Field", "POST", Summary, "admin", Layer0 + "|Field=name|Sum_Field=nope", 400),
        new("execute on an asynchronous service", "POST", "{d}/Wait/execute", "admin", "Seconds=1", 400),
        new("submitJob on a synchronous service", "POST", "{s}/Echo/submitJob", "admin", "Text=hi", 400),
        new("Echo: no Text", "POST", "{s}/Echo/execute", "admin", "", 400),
        new("Echo: Times 11", "GET", "{s}/Echo/execute", "admin", "Text=hi|Times=11", 400),
        new("Echo: no token", "GET", "{s}/Echo/execute", "none", "Text=hi", 499),
        new("unknown task", "POST", "{d}/Nope/submitJob", "admin", "", 404),
        new("unknown service", "POST", "/rest/services/Tools/Nope/GPServer/Wait/submitJob", "admin", "", 404),
        new("unknown folder", "POST", "/rest/services/Nope/Diagnostics/GPServer/Wait/submitJob", "admin", "", 404),
        new("job: unknown id", "GET", "{d}/Wait/jobs/jnope", "admin", "", 404),
        new("job: under another task", "GET", "{a}/BufferFeatures/jobs/{job}", "admin", "", 404),
        new("job: another member's", "GET", "{d}/Wait/jobs/{job}", "member", "", 404),
        new("job: returnMessages=maybe", "GET", "{d}/Wait/jobs/{job}", "admin", "returnMessages=maybe", 400),
        new("result: unknown parameter", "GET", "{d}/Wait/jobs/{job}/results/Nope", "admin", "", 400),
        new("result: an input's name", "GET", "{d}/Wait/jobs/{job}/results/Seconds", "admin", "", 400),
        new("input: unknown parameter", "GET", "{d}/Wait/jobs/{job}/inputs/Nope", "admin", "", 400),
        new("cancel: a finished job", "POST", "{d}/Wait/jobs/{job}/cancel", "admin", "", 400),
        new("cancel: unknown job", "POST", "{d}/Wait/jobs/jnope/cancel", "admin", "", 404),
        new("cancel: no token", "POST", "{d}/Wait/jobs/{job}/cancel", "none", "", 499),
    ];

    public static TheoryData<string> Rows => [.. Table.Select(r => r.Description)];

    private GeohooksServer Server => world.Server;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Bad_request_gets_the_envelope_and_changes_nothing(string description)
    {
        var row = Table.Single(r => r.Description == description);
        var before = await Server.LastEventSequenceAsync();
        await SendAsync(row);
        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    [Fact]
    public async Task After_the_table_no_job_ran_and_nothing_was_logged_as_an_error()
    {
        Assert.Equal(Table.Count, Table.Select(r => r.Description).Distinct().Count());
        var before = await Server.LastEventSequenceAsync();
        foreach (var row in Table)
        {
            await SendAsync(row);
        }

        // A job stored by mistake would run and finish (Wait's default is 5 s; the clock is real), appending an event.
        var probe = await Server.RunAsync(world.AdminToken, Diagnostics, "Wait", ("Seconds", "0"));
        Assert.Equal([probe.Str("jobId")], (await Server.GpEventsAfterAsync(before)).Select(e => e.Properties().Str("jobId")));
        Assert.DoesNotContain(Server.Logs.Lines.ToArray(), l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
    }

    private async Task SendAsync(Row row)
    {
        var parameters = row.Parameters.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: Fill(p[1]))).ToList();
        if (!parameters.Any(p => p.Name == "f"))
        {
            parameters.Add(("f", "json"));
        }

        var token = row.Token switch { "admin" => world.AdminToken, "member" => world.MemberToken, "garbage" => "not-a-token", _ => null };
        if (token is not null)
        {
            parameters.Add(("token", token));
        }

        var url = Fill(row.Path).TrimStart('/');
        using var request = row.Method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, url + "?" + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}")))
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))) };
        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{row.Description}: HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.TryGetProperty("error", out var error) && body.EnumerateObject().Count() == 1, $"{row.Description}: {text}");
        Assert.True(error.GetProperty("code").GetInt32() == row.Code, $"{row.Description}: expected {row.Code}, got {text}");
        body.AssertError(row.Code);
    }

    private string Fill(string text) => text
        .Replace("{a}", Analysis, StringComparison.Ordinal)
        .Replace("{d}", Diagnostics, StringComparison.Ordinal)
        .Replace("{s}", Sync, StringComparison.Ordinal)
        .Replace("{svc}", world.ServiceName, StringComparison.Ordinal)
        .Replace("{job}", world.JobId, StringComparison.Ordinal);
}

/// <summary>What the table aims at: an org-shared point layer and table, a plain member, and a finished job of the administrator.</summary>
public abstract class GpBadInputWorld : ServerFixture, IAsyncLifetime
{
    public string AdminToken { get; private set; } = "";

    public string MemberToken { get; private set; } = "";

    public string ServiceName { get; } = Unique.Name("GpTarget");

    public string JobId { get; private set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        AdminToken = await Server.AdminTokenAsync();
        MemberToken = await Server.CreateUserAsync(AdminToken, Unique.Name("member"));
        var item = await Server.CreateServiceWithAsync(AdminToken, Admin, ServiceName);
        await Server.PostAsync($"content/users/{Admin}/items/{item}/share", AdminToken, ("org", "true"));
        await Server.AddAsync(AdminToken, ServiceName, 0, """[{"attributes":{"name":"target","visits":5},"geometry":{"x":1,"y":1}}]""");
        JobId = (await Server.RunAsync(AdminToken, Diagnostics, "Wait", ("Seconds", "0"))).Str("jobId");
    }
}

public sealed class SqliteGpBadInputWorld : GpBadInputWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync();
}

public sealed class PostgresGpBadInputWorld : GpBadInputWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync();
}

public sealed class SqliteGpBadInputTests(SqliteGpBadInputWorld world) : GpBadInputTests(world), IClassFixture<SqliteGpBadInputWorld>;

public sealed class PostgresGpBadInputTests(PostgresGpBadInputWorld world) : GpBadInputTests(world), IClassFixture<PostgresGpBadInputWorld>;
