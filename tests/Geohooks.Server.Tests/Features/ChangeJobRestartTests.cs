using Geohooks.Core.Features;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Testing;

namespace Geohooks.Server.Tests.Features;

/// <summary>An extractChanges job the server had not finished when it stopped is run when it starts again.</summary>
public sealed class ChangeJobRestartTests
{
    [Fact]
    public async Task A_pending_job_runs_after_a_restart()
    {
        using var data = new TempDirectory("geohooks-jobs");
        string name;
        string jobId = "j" + Guid.NewGuid().ToString("N");
        await using (var first = await GeohooksServer.StartSqliteAsync(null, "--data", data.Path))
        {
            var token = await first.AdminTokenAsync();
            name = Unique.Name("resume");
            (await first.PostAsync($"content/users/{GeohooksServer.AdminUser}/createService", token, ("outputType", "featureService"),
                ("createParameters", $$$"""{"name":"{{{name}}}","capabilities":"Query,Create,Update,Delete,Editing,ChangeTracking"}"""))).GetProperty("success");
            (await first.PostAsync($"/rest/admin/services/{name}/FeatureServer/addToDefinition", token, ("addToDefinition",
                """{"layers":[{"name":"pts","geometryType":"esriGeometryPoint","fields":[{"name":"OBJECTID","type":"esriFieldTypeOID"}]}]}"""))).AssertSuccess();
            var added = await first.PostAsync($"/rest/services/{name}/FeatureServer/0/addFeatures", token, ("features", """[{"geometry":{"x":1,"y":2}}]"""));
            Assert.True(added.GetProperty("addResults")[0].GetProperty("success").GetBoolean(), added.ToString());

            // A job left Pending, as if the server had stopped between accepting it and running it.
            await using var session = await first.Store.WriteAsync(CancellationToken.None);
            var service = (await session.Features.ListAsync((await session.Orgs.GetDefaultAsync(CancellationToken.None))!.Id, CancellationToken.None)).Single(s => s.Name == name);
            await session.Features.InsertJobAsync(
                new FeatureJob
                {
                    Id = jobId, ServiceKey = service.Key, ServiceItemId = service.ItemId, Kind = "extractChanges", Status = FeatureJob.Pending,
                    Request = """{"serverGens":"[0,1]"}""", Username = GeohooksServer.AdminUser, Submitted = 1, Updated = 1,
                },
                CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        await using var second = await GeohooksServer.StartSqliteAsync(null, "--data", data.Path);
        var again = await second.AdminTokenAsync();
        var status = default(System.Text.Json.JsonElement);
        for (var i = 0; i < 200; i++)
        {
            status = await second.GetAsync($"/rest/services/{name}/FeatureServer/jobs/{jobId}", again);
            if (status.Str("status") is not ("Pending" or "InProgress"))
            {
                break;
            }

            await Task.Delay(50); // polls the server's own worker
        }

        Assert.Equal("Completed", status.Str("status"));
        var result = await second.GetAsync($"/rest/services/{name}/FeatureServer/jobs/{jobId}/result", again);
        Assert.Equal(1, result.GetProperty("edits")[0].GetProperty("features").GetProperty("adds").GetArrayLength());
    }
}
