using Geohooks.Core.Portal.Search;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using Geohooks.Core.Webhooks.Services;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary>Items: add, read, update, delete, move, reassign, protect (spec resources §2.6, §2.7).</summary>
public sealed partial class ItemService(IStore store, TimeProvider time)
{
    public async Task<Item> AddAsync(Caller caller, string owner, string? folderId, ItemFields fields, ItemData? data, CancellationToken ct)
    {
        if (!caller.Has("portal:user:createItem"))
        {
            throw E.Forbidden();
        }

        var title = fields.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            throw E.MissingParameter("title");
        }

        if (string.IsNullOrWhiteSpace(fields.Type))
        {
            throw E.MissingParameter("type");
        }

        await using var session = await store.WriteAsync(ct);
        var ownerUser = await FindContentOwnerAsync(session, caller, owner, ct);
        var folder = await FindFolderAsync(session, ownerUser.Username, folderId, ct);
        var now = Now();
        var item = Apply(
            new Item { Id = Ids.NewId(), OrgId = ownerUser.OrgId, Owner = ownerUser.Username, OwnerFolder = folder?.Id, Title = title, Type = fields.Type.Trim(), Created = now, Modified = now },
            fields);
        if (data is not null)
        {
            item = item with { Size = data.Content.Length };
        }

        await session.Items.InsertAsync(item, ct);
        if (data is not null)
        {
            await session.Items.SetDataAsync(data with { ItemId = item.Id }, ct);
        }

        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "add", item.Id, now, new { title = item.Title, type = item.Type, owner = item.Owner }, ct);
        await session.CommitAsync(ct);
        return item;
    }

    public async Task<Item> GetAsync(Caller? caller, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return await FindVisibleAsync(session, caller, id, ct);
    }

    /// <summary>The item's data, or null when it has none.</summary>
    public async Task<ItemData?> GetDataAsync(Caller? caller, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var item = await FindVisibleAsync(session, caller, id, ct);
        return await session.Items.GetDataAsync(item.Id, ct);
    }

    /// <summary>The owner's view of one item (<c>content/users/&lt;u&gt;/items/&lt;id&gt;</c>).</summary>
    public async Task<ItemSharing> GetOwnedAsync(Caller caller, string owner, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        return new ItemSharing(item, await session.Items.ListSharedGroupsAsync(item.Id, ct));
    }

    public async Task<Item> UpdateAsync(Caller caller, string owner, string id, ItemFields fields, ItemData? data, CancellationToken ct)
    {
        if (fields.Title is { } title && string.IsNullOrWhiteSpace(title))
        {
            throw E.InvalidParameter("title", "must not be empty.");
        }

        await using var session = await store.WriteAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        var changed = Apply(item, fields) with { Modified = Now() };
        if (data is not null)
        {
            changed = changed with { Size = data.Content.Length };
            await session.Items.SetDataAsync(data with { ItemId = item.Id }, ct);
        }

        await session.Items.UpdateAsync(changed, ct);
        var updated = ChangedFields(fields).Concat(data is null ? [] : ["data"]).ToArray();
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "update", item.Id, changed.Modified, new { updatedFields = updated }, ct);
        await session.CommitAsync(ct);
        return changed;
    }

    public async Task DeleteAsync(Caller caller, string owner, string id, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        if (item.Protected)
        {
            throw E.BadRequest("Unable to delete item. Delete protection is turned on.");
        }

        if (await session.Features.FindByItemAsync(item.Id, ct) is { } service)
        {
            // A hosted service lives and dies with its item (data, change log, attachments and webhooks included).
            foreach (var webhook in await session.Webhooks.ListByScopeAsync(ServiceScopes.Feature(item.Id), ct))
            {
                await session.Webhooks.DeleteAsync(webhook.Id, ct);
            }

            await session.Features.DeleteAsync(service, ct);
        }

        await session.Items.DeleteAsync(item.Id, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "delete", item.Id, Now(), new { title = item.Title, type = item.Type, owner = item.Owner }, ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Moves an item to one of its owner's folders; null, "" or "/" is the root folder.</summary>
    public async Task<Item> MoveAsync(Caller caller, string owner, string id, string? folderId, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        var folder = await FindFolderAsync(session, item.Owner, folderId is "/" ? null : folderId, ct);
        var moved = item with { OwnerFolder = folder?.Id };
        await session.Items.UpdateAsync(moved, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "move", item.Id, Now(), new { folder = folder?.Id, previousFolder = item.OwnerFolder }, ct);
        await session.CommitAsync(ct);
        return moved;
    }

    /// <summary>Gives the item to another member of the org (administrators only).</summary>
    public async Task<Item> ReassignAsync(Caller caller, string owner, string id, string targetUsername, string? targetFolderName, CancellationToken ct)
    {
        if (!caller.Has("portal:admin:reassignItems"))
        {
            throw E.Forbidden();
        }

        await using var session = await store.WriteAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        var target = await session.Users.FindByUsernameAsync(targetUsername, ct);
        if (target is null || target.OrgId != caller.Org.Id)
        {
            throw E.UserNotFound(targetUsername);
        }

        Folder? folder = null;
        if (!string.IsNullOrEmpty(targetFolderName) && targetFolderName != "/")
        {
            var folders = await session.Items.ListFoldersAsync(target.Username, ct);
            folder = folders.FirstOrDefault(f => Access.Same(f.Title, targetFolderName)) ?? throw E.FolderNotFound(targetFolderName);
        }

        var moved = item with { Owner = target.Username, OwnerFolder = folder?.Id, Modified = Now() };
        await session.Items.UpdateAsync(moved, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "reassign", item.Id, moved.Modified, new { previousOwner = item.Owner, targetUsername = target.Username, targetFolder = folder?.Id }, ct);
        await session.CommitAsync(ct);
        return moved;
    }

    public async Task SetProtectedAsync(Caller caller, string owner, string id, bool isProtected, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var item = await FindEditableAsync(session, caller, owner, id, ct);
        await session.Items.UpdateAsync(item with { Protected = isProtected }, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, isProtected ? "protect" : "unprotect", item.Id, Now(), null, ct);
        await session.CommitAsync(ct);
    }

    public async Task<Page<Item>> SearchAsync(Caller? caller, SearchRequest request, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return await session.Items.SearchAsync(request with { Viewer = Caller.ViewerOf(caller) }, ct);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
