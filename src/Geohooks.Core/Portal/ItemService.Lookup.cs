using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

public sealed partial class ItemService
{
    /// <summary>Finds an item the caller may read; a hidden item is reported exactly like a missing one.</summary>
    internal static async Task<Item> FindVisibleAsync(IStoreSession session, Caller? caller, string id, CancellationToken ct)
    {
        var item = Ids.IsId(id) ? await session.Items.FindAsync(id.ToLowerInvariant(), ct) : null;
        if (item is null)
        {
            throw E.ItemNotFound(id);
        }

        if (item.Access is ItemAccess.Public || Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId)
            || (item.Access is ItemAccess.Org && Access.SameOrg(caller, item.OrgId)))
        {
            return item;
        }

        var itemGroups = await session.Items.ListSharedGroupsAsync(item.Id, ct);
        var callerGroups = await CallerGroupsAsync(session, caller, ct);
        return Access.CanView(caller, item, itemGroups, callerGroups) ? item : throw E.ItemNotFound(id);
    }

    /// <summary>Finds an item the caller may change through <c>content/users/&lt;owner&gt;/...</c>.</summary>
    private static async Task<Item> FindEditableAsync(IStoreSession session, Caller caller, string owner, string id, CancellationToken ct)
    {
        var item = await FindVisibleAsync(session, caller, id, ct);
        if (!Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId))
        {
            throw E.Forbidden();
        }

        return Access.Same(item.Owner, owner) || caller.IsAdmin ? item : throw E.ItemNotFound(id);
    }

    /// <summary>The user whose content folder is addressed, if the caller may write there (self, or an admin).</summary>
    private static async Task<User> FindContentOwnerAsync(IStoreSession session, Caller caller, string owner, CancellationToken ct)
    {
        var user = await session.Users.FindByUsernameAsync(owner, ct);
        if (user is null || !Access.IsOwnerOrAdmin(caller, user.Username, user.OrgId))
        {
            throw user is null || !Access.CanView(caller, user) ? E.UserNotFound(owner) : E.Forbidden();
        }

        return user;
    }

    private static async Task<Folder?> FindFolderAsync(IStoreSession session, string owner, string? folderId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(folderId))
        {
            return null;
        }

        var folder = Ids.IsId(folderId) ? await session.Items.FindFolderAsync(folderId.ToLowerInvariant(), ct) : null;
        return folder is not null && Access.Same(folder.Username, owner) ? folder : throw E.FolderNotFound(folderId);
    }

    private static async Task<IReadOnlyCollection<string>> CallerGroupsAsync(IStoreSession session, Caller? caller, CancellationToken ct) =>
        caller is null ? [] : (await session.Groups.ListForUserAsync(caller.Username, ct)).Select(g => g.Group.Id).ToHashSet(StringComparer.Ordinal);

    private static Item Apply(Item item, ItemFields f) => item with
    {
        Title = f.Title?.Trim() ?? item.Title,
        Type = f.Type ?? item.Type,
        TypeKeywords = f.TypeKeywords ?? item.TypeKeywords,
        Name = f.Name ?? item.Name,
        Description = f.Description ?? item.Description,
        Snippet = f.Snippet ?? item.Snippet,
        Tags = f.Tags ?? item.Tags,
        Url = f.Url ?? item.Url,
        AccessInformation = f.AccessInformation ?? item.AccessInformation,
        LicenseInfo = f.LicenseInfo ?? item.LicenseInfo,
        Culture = f.Culture ?? item.Culture,
        SpatialReference = f.SpatialReference ?? item.SpatialReference,
        Extent = f.Extent ?? item.Extent,
        Categories = f.Categories ?? item.Categories,
        Properties = f.Properties ?? item.Properties,
    };

    private static IEnumerable<string> ChangedFields(ItemFields f) =>
        new (string Name, object? Value)[]
        {
            ("title", f.Title), ("type", f.Type), ("typeKeywords", f.TypeKeywords), ("name", f.Name), ("description", f.Description),
            ("snippet", f.Snippet), ("tags", f.Tags), ("url", f.Url), ("accessInformation", f.AccessInformation),
            ("licenseInfo", f.LicenseInfo), ("culture", f.Culture), ("spatialReference", f.SpatialReference),
            ("extent", f.Extent), ("categories", f.Categories), ("properties", f.Properties),
        }.Where(x => x.Value is not null).Select(x => x.Name);
}
