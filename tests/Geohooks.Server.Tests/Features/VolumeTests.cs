using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Sizes and concurrency that stress the SQL underneath: batches past a bind-parameter limit, long id
/// and IN lists, and concurrent edit transactions whose generations must chain without gaps or repeats.
/// </summary>
public abstract class VolumeTests(ServerFixture fixture)
{
    private GeohooksServer Server => fixture.Server;

    [Fact]
    public async Task A_batch_past_the_bind_parameter_limit_commits_whole()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Batch");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        // 21 values a row (object id, GlobalID, 14 attributes, shape and envelope): 1600 rows are 33,600 values, past SQLite's
        // 32,766 bind limit and more than one of the 30,000-value multi-row statements used on PostgreSQL.
        var adds = JsonSerializer.Serialize(Enumerable.Range(0, 1600).Select(i => new
        {
            attributes = new { name = $"n{i}", kind = "bulk", status = i % 2, score = i % 100, visits = i, big = (long)i * 1_000_000_000, ratio = 0.5, seen = 1_700_000_000_000L + i, day = "2024-01-01", tod = "12:00:00", doc = "<x/>" },
            geometry = new { x = i % 180, y = i % 90 },
        }));
        var ids = await Server.AddAsync(admin, name, 0, adds);
        Assert.Equal(1600, ids.Distinct().Count());
        Assert.Equal(1600, await Server.CountAsync(admin, name, 0, "kind = 'bulk'"));
        Assert.Equal(1599L * 1_000_000_000, (await Server.QueryAsync(admin, name, 0, ("outStatistics", """[{"statisticType":"max","onStatisticField":"big","outStatisticFieldName":"m"}]""")))
            .GetProperty("features")[0].GetProperty("attributes").GetProperty("m").GetInt64());

        // Long lists: every object id, and an IN list of 40,000 literals, answer without a 500.
        var all = await Server.PostAsync($"{Svc(name)}/0/query", admin, ("objectIds", string.Join(',', ids)), ("returnCountOnly", "true"));
        Assert.Equal(1600, all.GetProperty("count").GetInt32());
        var inList = "name IN (" + string.Join(',', Enumerable.Range(0, 40_000).Select(i => $"'n{i}'")) + ")";
        var answer = await Server.PostAsync($"{Svc(name)}/0/query", admin, ("where", inList), ("returnCountOnly", "true"));
        Assert.True(answer.TryGetProperty("count", out var count) ? count.GetInt32() == 1600 : answer.GetProperty("error").GetProperty("code").GetInt32() == 400, answer.ToString());

        // And they all go in one delete.
        var deleted = await Server.PostAsync($"{Svc(name)}/0/deleteFeatures", admin, ("where", "kind = 'bulk'"), ("returnDeleteResults", "false"));
        deleted.AssertSuccess();
        Assert.Equal(0, await Server.CountAsync(admin, name, 0));
    }

    [Fact]
    public async Task Concurrent_edit_transactions_chain_their_generations()
    {
        var admin = await Server.AdminTokenAsync();
        var name = Unique.Name("Race");
        await Server.CreateServiceWithAsync(admin, Admin, name);
        var start = await Server.ServerGenAsync(admin, name, 0);
        var before = await Server.LastEventSequenceAsync();

        const int Writers = 12;
        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
            Server.ApplyEditsAsync(admin, name, i % 2, ("adds", i % 2 == 0 ? $$$"""[{"attributes":{"name":"w{{{i}}}"}}]""" : $$$"""[{"attributes":{"note":"w{{{i}}}"}}]""")))));
        Assert.All(answers, a => Assert.True(a.GetProperty("addResults")[0].GetProperty("success").GetBoolean(), a.ToString()));
        Assert.Equal((Writers / 2, Writers / 2), (await Server.CountAsync(admin, name, 0), await Server.CountAsync(admin, name, 1)));

        var brackets = (await Server.FeatureEventsAfterAsync(before)).Where(e => e.Operation == "FeaturesEdited")
            .Select(e => e.Properties().GetProperty("serverGen")).Select(g => (Min: g.GetProperty("minServerGen").GetInt64(), Max: g.GetProperty("serverGen").GetInt64()))
            .OrderBy(b => b.Max).ToList();
        Assert.Equal(Writers, brackets.Count);
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => (start + i - 1, start + i)), brackets);
        Assert.Equal(start + Writers, Math.Max(await Server.ServerGenAsync(admin, name, 0), await Server.ServerGenAsync(admin, name, 1)));
    }
}

public sealed class SqliteVolumeTests(SqliteServerFixture f) : VolumeTests(f), IClassFixture<SqliteServerFixture>;

public sealed class PostgresVolumeTests(PostgresServerFixture f) : VolumeTests(f), IClassFixture<PostgresServerFixture>;
