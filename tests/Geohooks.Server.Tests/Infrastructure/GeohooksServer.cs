using System.Net.Http.Headers;
using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using Geohooks.Server.Hosting;
using Geohooks.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Geohooks.Server.Tests.Infrastructure;

/// <summary>
/// The real server, started in this process on a free loopback port with Kestrel, over a SQLite folder of its own
/// or a fresh database on the private PostgreSQL server.
/// </summary>
public sealed class GeohooksServer : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Admin-pass-1234";

    private readonly WebApplication _app;
    private readonly TempDirectory? _data;

    private GeohooksServer(WebApplication app, TempDirectory? data, LogSink logs)
    {
        _app = app;
        _data = data;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/arcgis";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
    }

    public string BaseUrl { get; }

    public string PortalUrl => BaseUrl + "/sharing/rest";

    public HttpClient Http { get; }

    public LogSink Logs { get; }

    public IStore Store => _app.Services.GetRequiredService<IStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<GeohooksServer> StartSqliteAsync(TimeProvider? clock = null, params string[] extraArgs)
    {
        var data = new TempDirectory("geohooks-server");
        return await StartAsync(["--data", data.Path, .. extraArgs], data, clock);
    }

    public static async Task<GeohooksServer> StartPostgresAsync(TimeProvider? clock = null, params string[] extraArgs)
    {
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        return await StartAsync(["--postgres", connectionString, .. extraArgs], null, clock);
    }

    /// <summary>A server on an existing PostgreSQL database: a restart, or a second process sharing it.</summary>
    public static Task<GeohooksServer> StartOnPostgresAsync(string connectionString, TimeProvider? clock = null, params string[] extraArgs) =>
        StartAsync(["--postgres", connectionString, .. extraArgs], null, clock);

    private static async Task<GeohooksServer> StartAsync(string[] args, TempDirectory? data, TimeProvider? clock)
    {
        var logs = new LogSink();
        var errors = new StringWriter();
        var app = GeohooksHost.Create(
            ["--urls", "http://127.0.0.1:0", "--admin-user", AdminUser, "--admin-password", AdminPassword, .. args],
            errors,
            services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }

                services.AddSingleton<ILoggerProvider>(logs);
            }) ?? throw new InvalidOperationException("Server configuration rejected: " + errors);
        if (!await GeohooksHost.InitializeAsync(app, TextWriter.Null, CancellationToken.None))
        {
            throw new InvalidOperationException("Server initialization failed.");
        }

        await app.StartAsync();
        return new GeohooksServer(app, data, logs);
    }

    /// <summary>A fresh admin token.</summary>
    public Task<string> AdminTokenAsync() => TokenAsync(AdminUser, AdminPassword);

    public async Task<string> TokenAsync(string username, string password)
    {
        var answer = await PostAsync("generateToken", null, ("username", username), ("password", password), ("expiration", "60"));
        return answer.TryGetProperty("token", out var token) ? token.GetString()! : throw new InvalidOperationException($"No token for {username}: {answer}");
    }

    /// <summary>POSTs a form to a path under sharing/rest (or an absolute path starting with '/').</summary>
    public async Task<JsonElement> PostAsync(string path, string? token, params (string Name, string Value)[] parameters)
    {
        var fields = parameters.Append(("f", "json")).Concat(token is null ? [] : [("token", token)]);
        using var content = new FormUrlEncodedContent(fields.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));
        using var response = await Http.PostAsync(Resolve(path), content);
        return await ReadJsonAsync(response);
    }

    public async Task<JsonElement> GetAsync(string path, string? token, params (string Name, string Value)[] parameters)
    {
        var fields = parameters.Append(("f", "json")).Concat(token is null ? [] : [("token", token)]);
        var query = string.Join('&', fields.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        using var response = await Http.GetAsync(Resolve(path) + "?" + query);
        return await ReadJsonAsync(response);
    }

    public async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return await ReadJsonAsync(response);
    }

    /// <summary>Creates a member and returns a token for them.</summary>
    public async Task<string> CreateUserAsync(string adminToken, string username, string role = Roles.User, string password = "Member-pass-1234")
    {
        var answer = await PostAsync(
            "/portaladmin/security/users/createUser", adminToken,
            ("username", username), ("password", password), ("firstname", "Test"), ("lastname", username),
            ("email", $"{username}@example.org"), ("role", role), ("userLicenseTypeId", "creatorUT"));
        Assert.True(answer.TryGetProperty("status", out var status) && status.GetString() == "success", answer.ToString());
        return await TokenAsync(username, password);
    }

    public async Task<long> LastEventSequenceAsync()
    {
        await using var session = await Store.ReadAsync(CancellationToken.None);
        return await session.Events.LastSequenceAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<PortalEvent>> EventsAfterAsync(long sequence)
    {
        await using var session = await Store.ReadAsync(CancellationToken.None);
        return await session.Events.ReadAfterAsync(sequence, 10_000, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data?.Dispose();
    }

    private static string Resolve(string path) => path.StartsWith('/') ? path.TrimStart('/') : "sharing/rest/" + path;

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

public static class BearerExtensions
{
    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string header, string token)
    {
        if (header == "Authorization")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            request.Headers.Add(header, "Bearer " + token);
        }

        return request;
    }
}
