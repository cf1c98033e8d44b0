using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Tests;

/// <summary>Hosted feature services: definitions, per-layer tables, the envelope index, filters and pages.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task A_layer_table_keeps_every_field_type()
    {
        var (_, layer) = await NewLayerAsync();
        var values = new Dictionary<string, object?>
        {
            ["name"] = "Ünïcode ✓", ["small"] = -32768L, ["whole"] = 2147483647L, ["big"] = 9007199254740993L, ["single"] = 1.5,
            ["real"] = 0.1, ["stamp"] = 1735689600123L, ["day"] = "2025-01-31", ["clock"] = "23:59:58", ["moment"] = "2025-01-31T20:00:00.000Z",
            ["ref"] = "{74100804-E229-49B8-8CDC-9B5D3EF03EDA}", ["bytes"] = new byte[] { 0, 1, 254, 255 }, ["doc"] = "<a/>",
        };
        var row = Scenario.Point(await AllocateAsync(layer, 1), -118.15, 33.8, values);
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [row], Ct));

        var read = Assert.Single(await ReadAsync(s => s.Features.GetFeaturesAsync(layer, [row.ObjectId, 999_999], Ct)));
        Assert.Equal(row.GlobalId, read.GlobalId);
        foreach (var (name, value) in values)
        {
            Assert.Equal(value, read.Attributes[name]);
        }

        Assert.Equal(row.Shape!.Bytes, read.Shape!.Bytes);
        Assert.Equal((-118.15, 33.8), (read.Shape.XMin, read.Shape.YMax));
        Assert.Equal(row.ObjectId, (await ReadAsync(s => s.Features.FindByGlobalIdsAsync(layer, [row.GlobalId!.ToLowerInvariant()], Ct))).Values.Single());
    }

    [Fact]
    public async Task Updates_change_only_the_named_columns_and_deletes_remove_rows()
    {
        var (_, layer) = await NewLayerAsync();
        var first = await AllocateAsync(layer, 2);
        var a = Scenario.Point(first, 1, 1, new() { ["name"] = "a", ["whole"] = 1L });
        var b = Scenario.Point(first + 1, 2, 2, new() { ["name"] = "b", ["whole"] = 2L });
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [a, b], Ct));

        var moved = a with { Attributes = new Dictionary<string, object?> { ["name"] = "changed", ["whole"] = 99L }, Shape = Scenario.Point(0, 5, 6, []).Shape };
        await WriteAsync(s => s.Features.UpdateFeatureAsync(layer, moved, ["name"], shape: true, Ct));
        await WriteAsync(s => s.Features.DeleteFeaturesAsync(layer, [b.ObjectId], Ct));

        var rows = await ReadAsync(s => s.Features.GetFeaturesAsync(layer, [a.ObjectId, b.ObjectId], Ct));
        var only = Assert.Single(rows);
        Assert.Equal("changed", only.Attributes["name"]);
        Assert.Equal(1L, only.Attributes["whole"]);
        Assert.Equal((5.0, 6.0), (only.Shape!.XMin, only.Shape.YMin));
        Assert.Empty(await SelectIdsAsync(layer, new FeatureFilter { Envelope = new Extent(0.5, 0.5, 1.5, 1.5) }));
        Assert.Equal([a.ObjectId], await SelectIdsAsync(layer, new FeatureFilter { Envelope = new Extent(4, 5, 6, 7) }));
    }

    [Fact]
    public async Task Filters_combine_where_ids_and_the_envelope_index()
    {
        var (_, layer) = await NewLayerAsync();
        var first = await AllocateAsync(layer, 100);
        var rows = Enumerable.Range(0, 100)
            .Select(i => Scenario.Point(first + i, i % 10, i / 10, new() { ["name"] = i % 2 == 0 ? "Even" : "odd", ["whole"] = (long)i }))
            .ToList();
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, rows, Ct));
        var where = WhereParser.Parse("name = 'EVEN' AND whole < 50", layer.Definition.Fields, WhereContext.Anonymous);

        var box = new Extent(-0.5, -0.5, 4.5, 4.5); // x 0..4, y 0..4 → 25 points
        var ids = await SelectIdsAsync(layer, new FeatureFilter { Where = where, Envelope = box, ObjectIds = [.. rows.Take(30).Select(r => r.ObjectId)] });
        var expected = rows.Take(30).Where((r, i) => i % 2 == 0 && i % 10 <= 4 && i / 10 <= 4).Select(r => r.ObjectId);
        Assert.Equal(expected, ids);
        Assert.Equal(25, await ReadAsync(s => s.Features.CountAsync(layer, new FeatureFilter { Envelope = box }, Ct)));
        Assert.Empty(await SelectIdsAsync(layer, new FeatureFilter { Where = where, CaseSensitive = true }));
        Assert.Equal(new Extent(0, 0, 8, 4), await ReadAsync(s => s.Features.ExtentAsync(layer, new FeatureFilter { Where = where }, Ct)));
        Assert.Null(await ReadAsync(s => s.Features.ExtentAsync(layer, new FeatureFilter { ObjectIds = [] }, Ct)));
    }

    [Fact]
    public async Task Pages_sort_nulls_first_and_text_by_code_point_then_by_object_id()
    {
        var (_, layer) = await NewLayerAsync();
        var first = await AllocateAsync(layer, 5);
        string?[] names = ["b", null, "B", "a", "b"];
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [.. names.Select((n, i) => Scenario.Point(first + i, 0, 0, new() { ["name"] = n }))], Ct));

        var page = await ReadAsync(s => s.Features.SelectAsync(layer, new FeatureSelect { Fields = ["name"], OrderBy = [new SortKey("name", false)], Offset = 1, Limit = 3 }, Ct));
        Assert.Equal(["B", "a", "b"], page.Select(r => (string?)r.Attributes["name"]));
        Assert.Equal([first + 2, first + 3, first], page.Select(r => r.ObjectId));
        var descending = await ReadAsync(s => s.Features.SelectAsync(layer, new FeatureSelect { Fields = ["name"], OrderBy = [new SortKey("name", true)] }, Ct));
        Assert.Null(descending[^1].Attributes["name"]);
        var distinct = await ReadAsync(s => s.Features.SelectAsync(layer, new FeatureSelect { Fields = ["name"], Distinct = true }, Ct));
        Assert.Equal([null, "B", "a", "b"], distinct.Select(r => (string?)r.Attributes["name"]));
    }

    [Fact]
    public async Task Statistics_group_and_aggregate_the_same_on_every_backend()
    {
        var (_, layer) = await NewLayerAsync();
        var first = await AllocateAsync(layer, 6);
        (string Name, double? Real)[] data = [("x", 1), ("x", 3), ("y", 10), ("y", null), ("y", 20), ("z", 5)];
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [.. data.Select((d, i) => Scenario.Point(first + i, 0, 0, new() { ["name"] = d.Name, ["real"] = d.Real }))], Ct));

        var rows = await ReadAsync(s => s.Features.StatisticsAsync(layer, new FeatureStatisticsQuery
        {
            GroupBy = ["name"],
            Statistics = [new("count", "real", "n"), new("sum", "real", "total"), new("avg", "real", "mean"), new("stddev", "real", "sd"), new("min", "real", "low")],
            OrderBy = [new SortKey("name", false)],
        }, Ct));
        Assert.Equal(["x", "y", "z"], rows.Select(r => r["name"]));
        Assert.Equal([2L, 2L, 1L], rows.Select(r => r["n"]));
        Assert.Equal([4.0, 30.0, 5.0], rows.Select(r => Convert.ToDouble(r["total"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([2.0, 15.0, 5.0], rows.Select(r => r["mean"]));
        Assert.Equal(Math.Sqrt(2), (double)rows[0]["sd"]!, 9);
        Assert.Null(rows[2]["sd"]);
        Assert.Equal(10.0, rows[1]["low"]);
    }

    [Fact]
    public async Task Fields_can_be_added_with_defaults_and_dropped()
    {
        var (_, layer) = await NewLayerAsync();
        var oid = await AllocateAsync(layer, 1);
        await WriteAsync(s => s.Features.InsertFeaturesAsync(layer, [Scenario.Point(oid, 0, 0, new() { ["name"] = "kept" })], Ct));
        var added = new FieldDefinition { Name = "rank", Type = FieldType.Integer, DefaultValue = 7L };
        await WriteAsync(async s =>
        {
            await s.Features.AddFieldAsync(layer, added, Ct);
            await s.Features.DropFieldAsync(layer, layer.Definition.FindField("doc")!, Ct);
        });
        var changed = layer with { Definition = layer.Definition with { Fields = [.. layer.Definition.Fields.Where(f => f.Name != "doc"), added] } };

        var row = Assert.Single(await ReadAsync(s => s.Features.GetFeaturesAsync(changed, [oid], Ct)));
        Assert.Equal(7L, row.Attributes["rank"]);
        Assert.False(row.Attributes.ContainsKey("doc"));
        await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(s => s.Features.GetFeaturesAsync(layer, [oid], Ct)));
    }

    [Fact]
    public async Task Services_are_unique_per_org_and_take_their_tables_with_them()
    {
        var (service, layer) = await NewLayerAsync();
        var clash = S.Service("svc") with { Name = service.Name.ToUpperInvariant() };
        await Assert.ThrowsAsync<DuplicateKeyException>(() => WriteAsync(s => s.Features.InsertAsync(clash, Ct)));
        var found = await ReadAsync(s => s.Features.FindByNameAsync(S.OrgId, service.Name.ToUpperInvariant(), Ct));
        Assert.Equal(service.ItemId, found!.ItemId);
        Assert.Equal("Everything", Assert.Single(found.Layers).Definition.Name);

        await WriteAsync(s => s.Features.DeleteAsync(found, Ct));
        Assert.Null(await ReadAsync(s => s.Features.FindByItemAsync(service.ItemId, Ct)));
        await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(s => s.Features.CountAsync(layer, FeatureFilter.All, Ct)));
    }

    [Fact]
    public async Task A_rolled_back_definition_change_leaves_no_table()
    {
        var service = await WriteAsync(s => s.Features.InsertAsync(S.Service("svc"), Ct));
        var layer = Scenario.Layer(service, Scenario.EveryTypeLayerJson);
        await using (var session = await Store.WriteAsync(Ct))
        {
            await session.Features.CreateLayerAsync(layer, Ct);
        }

        Assert.Empty((await ReadAsync(s => s.Features.FindByItemAsync(service.ItemId, Ct)))!.Layers);
        await WriteAsync(s => s.Features.CreateLayerAsync(layer, Ct)); // the name is free again
    }

    [Fact]
    public async Task The_change_log_reads_a_generation_range_in_order_with_before_images()
    {
        var (_, layer) = await NewLayerAsync();
        var updated = Scenario.Point(40, 3, 4, new() { ["name"] = "was", ["whole"] = 7L, ["stamp"] = null });
        var deleted = Scenario.Point(41, 1, 2, new() { ["name"] = "gone", ["real"] = 2.5, ["bytes"] = new byte[] { 9 } });
        FeatureChange[] changes =
        [
            new() { LayerId = layer.Id, ServerGen = 1, Kind = ChangeKind.Insert, ObjectId = 40, GlobalId = "{A}", GeometryChanged = true, EditMoment = 10 },
            new() { LayerId = layer.Id, ServerGen = 2, Kind = ChangeKind.Update, ObjectId = 40, BeforeRow = updated, EditMoment = 20 },
            new() { LayerId = layer.Id, ServerGen = 2, Kind = ChangeKind.Delete, ObjectId = 41, BeforeRow = deleted, EditMoment = 20 },
            new() { LayerId = layer.Id, ServerGen = 3, Kind = ChangeKind.Insert, ObjectId = 40, AttachmentId = 5, EditMoment = 30 },
        ];
        await WriteAsync(s => s.Features.AppendChangesAsync(layer, changes, Ct));

        var range = await ReadAsync(s => s.Features.ReadChangesAsync(layer, 1, 2, Ct));
        Assert.Equal([ChangeKind.Update, ChangeKind.Delete], range.Select(c => c.Kind));
        var before = range[0].BeforeRow!;
        Assert.Equal((40L, updated.GlobalId, "was", 7L), (before.ObjectId, before.GlobalId, (string)before.Attributes["name"]!, (long)before.Attributes["whole"]!));
        Assert.Null(before.Attributes["stamp"]);
        Assert.Equal(updated.Shape!.Bytes, before.Shape!.Bytes);
        Assert.Equal((3.0, 4.0), (before.Shape.XMin, before.Shape.YMax));
        var row = range[1].BeforeRow!;
        Assert.Equal(("gone", 2.5), ((string)row.Attributes["name"]!, (double)row.Attributes["real"]!));
        Assert.Equal(new byte[] { 9 }, row.Attributes["bytes"]);
        Assert.Equal(deleted.Shape!.Bytes, row.Shape!.Bytes);
        Assert.Equal(5L, Assert.Single(await ReadAsync(s => s.Features.ReadChangesAsync(layer, 2, 10, Ct))).AttachmentId);
    }

    [Fact]
    public async Task Attachments_round_trip_with_their_bytes()
    {
        var (_, layer) = await NewLayerAsync();
        var id = await WriteAsync(s => s.Features.AllocateAttachmentIdsAsync(layer, 2, Ct));
        var attachment = new Attachment { Id = id, ParentObjectId = 7, ParentGlobalId = "{P}", GlobalId = GlobalIds.New(), Name = "a.png", ContentType = "image/png", Size = 3 };
        await WriteAsync(s => s.Features.InsertAttachmentAsync(layer, attachment, [1, 2, 3], Ct));
        await WriteAsync(s => s.Features.InsertAttachmentAsync(layer, attachment with { Id = id + 1, GlobalId = GlobalIds.New(), ParentObjectId = 8 }, [4], Ct));

        AssertSame(attachment, Assert.Single(await ReadAsync(s => s.Features.ListAttachmentsAsync(layer, [7], Ct))));
        Assert.Equal(2, (await ReadAsync(s => s.Features.ListAttachmentsAsync(layer, null, Ct))).Count);
        Assert.Equal(id, (await ReadAsync(s => s.Features.FindAttachmentsByGlobalIdAsync(layer, [attachment.GlobalId.ToLowerInvariant()], Ct))).Values.Single().Id);
        await WriteAsync(s => s.Features.UpdateAttachmentAsync(layer, attachment with { Name = "b.txt", Size = 1 }, [9], Ct));
        Assert.Equal(new byte[] { 9 }, await ReadAsync(s => s.Features.GetAttachmentDataAsync(layer, id, Ct)));
        await WriteAsync(s => s.Features.DeleteAttachmentsAsync(layer, [id], Ct));
        Assert.Null(await ReadAsync(s => s.Features.GetAttachmentDataAsync(layer, id, Ct)));
        Assert.Equal(id + 1, Assert.Single(await ReadAsync(s => s.Features.FindAttachmentsAsync(layer, [id, id + 1], Ct))).Id);
    }

    [Fact]
    public async Task Jobs_are_kept_until_finished()
    {
        var (service, _) = await NewLayerAsync();
        var job = new FeatureJob
        {
            Id = "j" + Scenario.NewId(), ServiceKey = service.Key, ServiceItemId = service.ItemId, Kind = "extractChanges",
            Status = FeatureJob.Pending, Request = """{"serverGens":"[0,1]"}""", Username = "amy", Submitted = Scenario.T0, Updated = Scenario.T0,
        };
        await WriteAsync(s => s.Features.InsertJobAsync(job, Ct));
        Assert.Contains(await ReadAsync(s => s.Features.ListUnfinishedJobsAsync(10_000, Ct)), j => j.Id == job.Id);

        var done = job with { Status = FeatureJob.Completed, Result = [1, 2], Updated = Scenario.T0 + 5 };
        await WriteAsync(s => s.Features.UpdateJobAsync(done, Ct));
        AssertSame(done, await ReadAsync(s => s.Features.FindJobAsync(job.Id, Ct)));
        Assert.DoesNotContain(await ReadAsync(s => s.Features.ListUnfinishedJobsAsync(10_000, Ct)), j => j.Id == job.Id);
    }

    private async Task<(FeatureService Service, FeatureLayer Layer)> NewLayerAsync(string? json = null)
    {
        var service = await WriteAsync(s => s.Features.InsertAsync(S.Service("svc"), Ct));
        var layer = Scenario.Layer(service, json ?? Scenario.EveryTypeLayerJson);
        await WriteAsync(s => s.Features.CreateLayerAsync(layer, Ct));
        return (service with { Layers = [layer] }, layer);
    }

    private Task<long> AllocateAsync(FeatureLayer layer, int count) => WriteAsync(s => s.Features.AllocateObjectIdsAsync(layer, count, Ct));

    private async Task<List<long>> SelectIdsAsync(FeatureLayer layer, FeatureFilter filter) =>
        [.. (await ReadAsync(s => s.Features.SelectAsync(layer, new FeatureSelect { Filter = filter }, Ct))).Select(r => r.ObjectId)];
}
