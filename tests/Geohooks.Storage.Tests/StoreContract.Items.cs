using System.Text;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Items_round_trip_every_field()
    {
        var item = S.Item(S.Name("Owner"), "Roads", ItemAccess.Shared) with
        {
            OwnerFolder = Scenario.NewId(),
            TypeKeywords = ["Data", "Service"],
            Name = "roads.zip",
            Description = "All the roads",
            Snippet = "roads",
            Tags = [S.Tag, "Transport"],
            Url = "https://example.com/arcgis/rest/services/roads/FeatureServer",
            AccessInformation = "Esri",
            LicenseInfo = "CC-BY",
            Culture = "en-us",
            SpatialReference = "102100",
            Extent = [-180, -90.5, 180, 90.25],
            Categories = ["/Categories/Transport"],
            Properties = """{"a":1}""",
            Protected = true,
            Size = 12345,
        };
        await AddItemAsync(item);
        AssertSame(item, await ReadAsync(s => s.Items.FindAsync(item.Id.ToUpperInvariant(), Ct)));

        var updated = item with { Title = "Streets", Tags = [S.Tag], Extent = [], Properties = null, Protected = false, Modified = Scenario.T0 + 1 };
        await WriteAsync(s => s.Items.UpdateAsync(updated, Ct));
        AssertSame(updated, await ReadAsync(s => s.Items.FindAsync(item.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Items.FindAsync(Scenario.NewId(), Ct)));
    }

    [Fact]
    public async Task Item_data_round_trips_text_and_binary()
    {
        var item = await AddItemAsync(S.Item(S.Name("owner"), "data"));
        Assert.Null(await ReadAsync(s => s.Items.GetDataAsync(item.Id, Ct)));

        var text = new ItemData(item.Id, Encoding.UTF8.GetBytes("""{"layers":[],"name":"é"}"""), "application/json", null);
        await WriteAsync(s => s.Items.SetDataAsync(text, Ct));
        var read = await ReadAsync(s => s.Items.GetDataAsync(item.Id, Ct));
        Assert.Equal(text.Content, read?.Content);
        Assert.Equal("application/json", read?.ContentType);
        Assert.Null(read?.FileName);

        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i % 256)).ToArray();
        await WriteAsync(s => s.Items.SetDataAsync(new ItemData(item.Id, bytes, "application/zip", "roads.zip"), Ct));
        read = await ReadAsync(s => s.Items.GetDataAsync(item.Id, Ct));
        Assert.Equal(bytes, read?.Content);
        Assert.Equal("roads.zip", read?.FileName);
    }

    [Fact]
    public async Task Shares_are_idempotent_and_go_with_the_item()
    {
        var owner = S.Name("owner");
        var first = await AddGroupAsync(S.Group(owner, "g1"));
        var second = await AddGroupAsync(S.Group(owner, "g2"));
        var item = await AddItemAsync(S.Item(owner, "shared"));
        await WriteAsync(async s =>
        {
            await s.Items.AddShareAsync(item.Id, first.Id, Ct);
            await s.Items.AddShareAsync(item.Id, first.Id, Ct);
            await s.Items.AddShareAsync(item.Id.ToUpperInvariant(), second.Id, Ct);
        });
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), await ReadAsync(s => s.Items.ListSharedGroupsAsync(item.Id, Ct)));

        await WriteAsync(s => s.Items.RemoveShareAsync(item.Id, first.Id, Ct));
        Assert.Equal([second.Id], await ReadAsync(s => s.Items.ListSharedGroupsAsync(item.Id, Ct)));

        await WriteAsync(s => s.Items.SetDataAsync(new ItemData(item.Id, [1, 2, 3], "application/octet-stream", "x.bin"), Ct));
        await WriteAsync(s => s.Items.DeleteAsync(item.Id, Ct));
        Assert.Null(await ReadAsync(s => s.Items.FindAsync(item.Id, Ct)));
        Assert.Empty(await ReadAsync(s => s.Items.ListSharedGroupsAsync(item.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Items.GetDataAsync(item.Id, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Groups.FindAsync(second.Id, Ct)));
    }

    [Fact]
    public async Task Items_are_listed_by_owner_and_folder_newest_first_with_paging()
    {
        var owner = S.Name("Lister");
        var folder = new Folder(Scenario.NewId(), owner, "Work", Scenario.T0);
        await WriteAsync(s => s.Items.InsertFolderAsync(folder, Ct));
        var root = new List<Item>();
        for (var i = 0; i < 5; i++)
        {
            root.Add(await AddItemAsync(S.Item(owner, $"root {i}", created: Scenario.T0 + i)));
        }

        var inFolder = await AddItemAsync(S.Item(owner, "in folder") with { OwnerFolder = folder.Id });
        await AddItemAsync(S.Item(S.Name("someone else"), "not mine"));

        var first = await ReadAsync(s => s.Items.ListByOwnerAsync(owner.ToUpperInvariant(), null, 1, 2, Ct));
        Assert.Equal(5, first.Total);
        Assert.Equal([root[4].Id, root[3].Id], first.Results.Select(i => i.Id));
        Assert.Equal(3, first.NextStart);

        var last = await ReadAsync(s => s.Items.ListByOwnerAsync(owner, null, 5, 2, Ct));
        Assert.Equal([root[0].Id], last.Results.Select(i => i.Id));
        Assert.Equal(-1, last.NextStart);

        var folderPage = await ReadAsync(s => s.Items.ListByOwnerAsync(owner, folder.Id, 1, 10, Ct));
        Assert.Equal([inFolder.Id], folderPage.Results.Select(i => i.Id));
        Assert.Equal(6, await ReadAsync(s => s.Items.CountOwnedByAsync(owner, Ct)));
    }

    [Fact]
    public async Task Folders_have_unique_titles_per_user_and_release_their_items_on_delete()
    {
        var owner = S.Name("Folderer");
        var folder = new Folder(Scenario.NewId(), owner, "Projects", Scenario.T0);
        var other = new Folder(Scenario.NewId(), owner, "Archive", Scenario.T0);
        await WriteAsync(async s =>
        {
            await s.Items.InsertFolderAsync(folder, Ct);
            await s.Items.InsertFolderAsync(other, Ct);
            await s.Items.InsertFolderAsync(new Folder(Scenario.NewId(), S.Name("neighbour"), "Projects", Scenario.T0), Ct);
        });
        await using (var session = await Store.WriteAsync(Ct))
        {
            var clash = new Folder(Scenario.NewId(), owner.ToUpperInvariant(), "PROJECTS", Scenario.T0);
            await Assert.ThrowsAsync<Core.Storage.DuplicateKeyException>(() => session.Items.InsertFolderAsync(clash, Ct));
        }

        Assert.Equal(folder, await ReadAsync(s => s.Items.FindFolderAsync(folder.Id, Ct)));
        Assert.Equal([other, folder], await ReadAsync(s => s.Items.ListFoldersAsync(owner.ToUpperInvariant(), Ct)));

        var item = await AddItemAsync(S.Item(owner, "filed") with { OwnerFolder = folder.Id });
        await WriteAsync(s => s.Items.DeleteFolderAsync(folder.Id, Ct));
        Assert.Null(await ReadAsync(s => s.Items.FindFolderAsync(folder.Id, Ct)));
        Assert.Null((await ReadAsync(s => s.Items.FindAsync(item.Id, Ct)))?.OwnerFolder);
    }
}
