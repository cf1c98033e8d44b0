using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary>A user's content: folders and the items in them (spec resources §2.7).</summary>
public sealed partial class ItemService
{
    public async Task<UserContent> ListContentAsync(Caller caller, string username, string? folderId, int start, int num, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var owner = await FindContentOwnerAsync(session, caller, username, ct);
        var folder = await FindFolderAsync(session, owner.Username, folderId, ct);
        var page = await session.Items.ListByOwnerAsync(owner.Username, folder?.Id, start, num, ct);
        var folders = folder is null ? await session.Items.ListFoldersAsync(owner.Username, ct) : [];
        return new UserContent(page, folder, folders);
    }

    public async Task<Folder> CreateFolderAsync(Caller caller, string username, string title, CancellationToken ct)
    {
        var trimmed = title.Trim();
        if (trimmed.Length is 0 or > 255 || trimmed.IndexOfAny(['/', '\\']) >= 0)
        {
            throw E.InvalidParameter("title", "must be 1 to 255 characters without slashes.");
        }

        await using var session = await store.WriteAsync(ct);
        var owner = await FindContentOwnerAsync(session, caller, username, ct);
        var folder = new Folder(Ids.NewId(), owner.Username, trimmed, Now());
        try
        {
            await session.Items.InsertFolderAsync(folder, ct);
        }
        catch (DuplicateKeyException)
        {
            throw E.Conflict($"A folder named '{trimmed}' already exists.");
        }

        await session.CommitAsync(ct);
        return folder;
    }

    public async Task DeleteFolderAsync(Caller caller, string username, string folderId, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var owner = await FindContentOwnerAsync(session, caller, username, ct);
        var folder = await FindFolderAsync(session, owner.Username, folderId, ct) ?? throw E.FolderNotFound(folderId);
        var contents = await session.Items.ListByOwnerAsync(owner.Username, folder.Id, 1, 1, ct);
        if (contents.Total > 0)
        {
            throw E.BadRequest($"Folder '{folder.Title}' is not empty.");
        }

        await session.Items.DeleteFolderAsync(folder.Id, ct);
        await session.CommitAsync(ct);
    }
}
