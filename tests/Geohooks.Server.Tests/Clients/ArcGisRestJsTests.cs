using Geohooks.Server.Tests.Infrastructure;

namespace Geohooks.Server.Tests.Clients;

/// <summary>
/// Drives the server with Esri's unmodified ArcGIS REST JS packages from npm (tests/clients/arcgis-rest-js),
/// on SQLite and on PostgreSQL: the portal suite, and the hosted feature service suite, which reaches the services
/// through the client's federation hand-shake.
/// </summary>
public abstract class ArcGisRestJsTests(ServerFixture fixture)
{
    [Fact]
    public Task The_portal_test_suite_of_arcgis_rest_js_passes() => RunAsync("portal.test.mjs");

    [Fact]
    public Task The_feature_service_test_suite_of_arcgis_rest_js_passes() => RunAsync("features.test.mjs");

    private async Task RunAsync(string file)
    {
        var folder = NodeRunner.ClientsFolder("arcgis-rest-js");
        await NodeRunner.EnsurePackagesAsync(folder);
        var environment = new Dictionary<string, string>
        {
            ["GEOHOOKS_PORTAL"] = fixture.Server.PortalUrl,
            ["GEOHOOKS_USER"] = GeohooksServer.AdminUser,
            ["GEOHOOKS_PASSWORD"] = GeohooksServer.AdminPassword,
        };

        var (code, output) = await NodeRunner.RunAsync(folder, "node", ["--test", "--test-reporter=tap", file], environment, TimeSpan.FromMinutes(3));

        Assert.True(code == 0, output);
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
        Assert.Contains("# skipped 0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("# pass 0\n", output, StringComparison.Ordinal);
    }
}

public sealed class SqliteArcGisRestJsTests(SqliteServerFixture f) : ArcGisRestJsTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresArcGisRestJsTests(PostgresServerFixture f) : ArcGisRestJsTests(f), IClassFixture<PostgresServerFixture>;
