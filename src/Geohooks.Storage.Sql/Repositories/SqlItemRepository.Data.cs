using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed partial class SqlItemRepository
{
    public Task<ItemData?> GetDataAsync(string itemId, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            "SELECT item_id, content, content_type, file_name FROM item_data WHERE item_id = @item_id",
            new SqlArgs { ["item_id"] = Keys.Of(itemId) },
            r => new ItemData(r.Text(0), (byte[])r.GetValue(1), r.Text(2), r.TextOrNull(3)),
            cancellationToken);

    public Task SetDataAsync(ItemData data, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            INSERT INTO item_data (item_id, content, content_type, file_name)
            VALUES (@item_id, @content, @content_type, @file_name)
            ON CONFLICT (item_id)
            DO UPDATE SET content = excluded.content, content_type = excluded.content_type, file_name = excluded.file_name
            """,
            new SqlArgs
            {
                ["item_id"] = Keys.Of(data.ItemId),
                ["content"] = data.Content,
                ["content_type"] = data.ContentType,
                ["file_name"] = data.FileName,
            },
            cancellationToken);

    public async Task<IReadOnlyList<string>> ListSharedGroupsAsync(string itemId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            "SELECT group_id FROM item_shares WHERE item_id = @item_id ORDER BY group_id",
            new SqlArgs { ["item_id"] = Keys.Of(itemId) },
            r => r.Text(0),
            cancellationToken);

    public Task AddShareAsync(string itemId, string groupId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO item_shares (item_id, group_id) VALUES (@item_id, @group_id) ON CONFLICT (item_id, group_id) DO NOTHING",
            ShareKey(itemId, groupId),
            cancellationToken);

    public Task RemoveShareAsync(string itemId, string groupId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "DELETE FROM item_shares WHERE item_id = @item_id AND group_id = @group_id",
            ShareKey(itemId, groupId),
            cancellationToken);

    private static SqlArgs ShareKey(string itemId, string groupId) => new()
    {
        ["item_id"] = Keys.Of(itemId),
        ["group_id"] = Keys.Of(groupId),
    };
}
