using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Core.Storage;

// Every method takes the session's transaction implicitly. Lookups by username, email and ids are
// case-insensitive where ArcGIS treats them so (usernames, owners); ids are stored lower-case.

public interface IOrgRepository
{
    /// <summary>The installation's organization, or null before the first start finished.</summary>
    Task<Org?> GetDefaultAsync(CancellationToken cancellationToken);

    Task<Org?> FindAsync(string id, CancellationToken cancellationToken);

    Task InsertAsync(Org org, CancellationToken cancellationToken);

    Task UpdateAsync(Org org, CancellationToken cancellationToken);
}

public interface IUserRepository
{
    Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    Task<User?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="DuplicateKeyException"/> when the username is taken (case-insensitively).</summary>
    Task InsertAsync(User user, CancellationToken cancellationToken);

    Task UpdateAsync(User user, CancellationToken cancellationToken);

    Task DeleteAsync(string id, CancellationToken cancellationToken);

    Task<int> CountByRoleAsync(string orgId, string role, bool includeDisabled, CancellationToken cancellationToken);

    /// <summary>User search; the query's fields are username, fullname, firstname, lastname, email, role, provider, created.</summary>
    Task<Page<User>> SearchAsync(SearchRequest request, CancellationToken cancellationToken);
}

public interface IGroupRepository
{
    Task<Group?> FindAsync(string id, CancellationToken cancellationToken);

    Task InsertAsync(Group group, CancellationToken cancellationToken);

    Task UpdateAsync(Group group, CancellationToken cancellationToken);

    /// <summary>Deletes the group with its memberships and its item shares.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    Task<GroupMember?> FindMemberAsync(string groupId, string username, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupMember>> ListMembersAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the membership.</summary>
    Task SetMemberAsync(GroupMember member, CancellationToken cancellationToken);

    Task RemoveMemberAsync(string groupId, string username, CancellationToken cancellationToken);

    /// <summary>The groups a user belongs to, with the user's membership in each.</summary>
    Task<IReadOnlyList<(Group Group, GroupMember Membership)>> ListForUserAsync(string username, CancellationToken cancellationToken);

    Task<int> CountOwnedByAsync(string username, CancellationToken cancellationToken);

    /// <summary>Group search; fields id, title, owner, tags, description, snippet, access, orgid, typekeywords.</summary>
    Task<Page<Group>> SearchAsync(SearchRequest request, CancellationToken cancellationToken);
}

public interface IItemRepository
{
    Task<Item?> FindAsync(string id, CancellationToken cancellationToken);

    Task InsertAsync(Item item, CancellationToken cancellationToken);

    Task UpdateAsync(Item item, CancellationToken cancellationToken);

    /// <summary>Deletes the item with its data and shares.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    Task<ItemData?> GetDataAsync(string itemId, CancellationToken cancellationToken);

    Task SetDataAsync(ItemData data, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListSharedGroupsAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>Idempotent: sharing twice to the same group keeps one share.</summary>
    Task AddShareAsync(string itemId, string groupId, CancellationToken cancellationToken);

    Task RemoveShareAsync(string itemId, string groupId, CancellationToken cancellationToken);

    /// <summary>The owner's items in one folder (null = root), newest first.</summary>
    Task<Page<Item>> ListByOwnerAsync(string owner, string? folderId, int start, int num, CancellationToken cancellationToken);

    Task<int> CountOwnedByAsync(string username, CancellationToken cancellationToken);

    /// <summary>
    /// Item search. Visibility: public items; org items of the viewer's org; items shared to a group the viewer
    /// belongs to; the viewer's own items; everything in the viewer's org when the viewer is an admin.
    /// Default order when no sort field is given: modified desc, then id.
    /// </summary>
    Task<Page<Item>> SearchAsync(SearchRequest request, CancellationToken cancellationToken);

    Task<Folder?> FindFolderAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Folder>> ListFoldersAsync(string username, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="DuplicateKeyException"/> when the user has a folder with that title.</summary>
    Task InsertFolderAsync(Folder folder, CancellationToken cancellationToken);

    Task DeleteFolderAsync(string id, CancellationToken cancellationToken);
}

public interface ITokenRepository
{
    Task InsertAsync(TokenRecord token, CancellationToken cancellationToken);

    Task<TokenRecord?> FindAsync(string hash, CancellationToken cancellationToken);

    Task RevokeAsync(string hash, CancellationToken cancellationToken);

    Task RevokeAllForUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes tokens that expired before the given time; returns how many.</summary>
    Task<int> DeleteExpiredAsync(long before, CancellationToken cancellationToken);
}

public interface IEventLog
{
    /// <summary>Appends the event in the session's transaction and returns its sequence number.</summary>
    Task<long> AppendAsync(PortalEvent portalEvent, CancellationToken cancellationToken);

    /// <summary>Committed events with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<PortalEvent>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The highest sequence in the log (0 when empty): where a new subscriber starts listening.</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken);
}

/// <summary>A unique constraint was violated (a taken username, group title, folder title, ...).</summary>
public sealed class DuplicateKeyException : Exception
{
    public DuplicateKeyException()
    {
    }

    public DuplicateKeyException(string message)
        : base(message)
    {
    }

    public DuplicateKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
