using Geohooks.Core.Portal.Search;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary>Groups and their membership (spec resources §2.5).</summary>
public sealed partial class GroupService(IStore store, TimeProvider time)
{
    private static readonly string[] GroupAccess = ["private", "org", "public"];
    private static readonly string[] SortFields = ["title", "owner", "avgrating", "numviews", "created", "modified"];

    public async Task<GroupView> CreateAsync(Caller caller, GroupFields fields, CancellationToken ct)
    {
        if (!caller.Has("portal:user:createGroup"))
        {
            throw E.Forbidden();
        }

        Validate(fields);
        var now = Now();
        var group = Apply(
            new Group { Id = Ids.NewId(), OrgId = caller.Org.Id, Title = "", Owner = caller.Username, Created = now, Modified = now },
            fields);
        if (string.IsNullOrWhiteSpace(group.Title))
        {
            throw E.MissingParameter("title");
        }

        var owner = new GroupMember(group.Id, caller.Username, MemberTypes.Owner, now);
        await using var session = await store.WriteAsync(ct);
        await SaveAsync(() => session.Groups.InsertAsync(group, ct), group.Title);
        await session.Groups.SetMemberAsync(owner, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Group, "add", group.Id, now, new { title = group.Title, access = group.Access }, ct);
        await session.CommitAsync(ct);
        return new GroupView(group, owner);
    }

    public async Task<GroupView> GetAsync(Caller? caller, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return await FindVisibleAsync(session, caller, id, ct);
    }

    public async Task<GroupMembers> MembersAsync(Caller? caller, string id, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var view = await FindVisibleAsync(session, caller, id, ct);
        var members = await session.Groups.ListMembersAsync(view.Group.Id, ct);
        return new GroupMembers(
            view.Group.Owner,
            members.Where(m => m.MemberType is MemberTypes.Owner or MemberTypes.Admin).Select(m => m.Username).ToArray(),
            members.Where(m => m.MemberType == MemberTypes.Member).Select(m => m.Username).ToArray());
    }

    public async Task<Group> UpdateAsync(Caller caller, string id, GroupFields fields, CancellationToken ct)
    {
        Validate(fields);
        await using var session = await store.WriteAsync(ct);
        var (group, _) = await FindManageableAsync(session, caller, id, ct);
        var changed = Apply(group, fields) with { Modified = Now() };
        if (string.IsNullOrWhiteSpace(changed.Title))
        {
            throw E.InvalidParameter("title", "must not be empty.");
        }

        await SaveAsync(() => session.Groups.UpdateAsync(changed, ct), changed.Title);
        await PortalEvents.RecordAsync(session, caller, EventSources.Group, "update", group.Id, changed.Modified, new { updatedFields = ChangedFields(fields) }, ct);
        await session.CommitAsync(ct);
        return changed;
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var (group, _) = await FindManageableAsync(session, caller, id, ct);
        if (group.Protected)
        {
            throw E.BadRequest("Unable to delete group. Delete protection is turned on.");
        }

        await session.Groups.DeleteAsync(group.Id, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Group, "delete", group.Id, Now(), new { title = group.Title }, ct);
        await session.CommitAsync(ct);
    }

    public async Task SetProtectedAsync(Caller caller, string id, bool isProtected, CancellationToken ct)
    {
        await using var session = await store.WriteAsync(ct);
        var (group, _) = await FindManageableAsync(session, caller, id, ct);
        await session.Groups.UpdateAsync(group with { Protected = isProtected }, ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Group, isProtected ? "protect" : "unprotect", group.Id, Now(), null, ct);
        await session.CommitAsync(ct);
    }

    public async Task<Page<Group>> SearchAsync(Caller? caller, SearchRequest request, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return await session.Groups.SearchAsync(request with { Viewer = Caller.ViewerOf(caller) }, ct);
    }

    private static async Task<GroupView> FindVisibleAsync(IStoreSession session, Caller? caller, string id, CancellationToken ct)
    {
        var group = Ids.IsId(id) ? await session.Groups.FindAsync(id.ToLowerInvariant(), ct) : null;
        var membership = group is null || caller is null ? null : await session.Groups.FindMemberAsync(group.Id, caller.Username, ct);
        return group is not null && Access.CanView(caller, group, membership) ? new GroupView(group, membership) : throw E.GroupNotFound(id);
    }

    private static async Task<(Group Group, GroupMember? Membership)> FindManageableAsync(IStoreSession session, Caller caller, string id, CancellationToken ct)
    {
        var view = await FindVisibleAsync(session, caller, id, ct);
        return Access.CanManage(caller, view.Group, view.Membership) ? (view.Group, view.Membership) : throw E.Forbidden();
    }

    /// <summary>Group titles are unique within the organization (case-insensitively).</summary>
    private static async Task SaveAsync(Func<Task> save, string title)
    {
        try
        {
            await save();
        }
        catch (DuplicateKeyException)
        {
            throw E.Conflict($"A group named '{title}' already exists in the organization. Choose a different title.");
        }
    }

    private static void Validate(GroupFields fields)
    {
        if (fields.Access is { } access && !GroupAccess.Contains(access, StringComparer.Ordinal))
        {
            throw E.InvalidParameter("access", "must be private, org or public.");
        }

        if (fields.SortField is { } sort && !SortFields.Contains(sort, StringComparer.OrdinalIgnoreCase))
        {
            throw E.InvalidParameter("sortField", $"must be one of {string.Join(", ", SortFields)}.");
        }

        if (fields.SortOrder is { } order && order is not ("asc" or "desc"))
        {
            throw E.InvalidParameter("sortOrder", "must be asc or desc.");
        }

        if (fields.Title is { Length: > 250 })
        {
            throw E.InvalidParameter("title", "must be at most 250 characters.");
        }
    }

    private static Group Apply(Group group, GroupFields f) => group with
    {
        Title = f.Title?.Trim() ?? group.Title,
        Description = f.Description ?? group.Description,
        Snippet = f.Snippet ?? group.Snippet,
        Tags = f.Tags ?? group.Tags,
        Phone = f.Phone ?? group.Phone,
        Access = f.Access ?? group.Access,
        IsInvitationOnly = f.IsInvitationOnly ?? group.IsInvitationOnly,
        IsViewOnly = f.IsViewOnly ?? group.IsViewOnly,
        AutoJoin = f.AutoJoin ?? group.AutoJoin,
        SortField = f.SortField ?? group.SortField,
        SortOrder = f.SortOrder ?? group.SortOrder,
        Capabilities = f.Capabilities ?? group.Capabilities,
    };

    private static string[] ChangedFields(GroupFields f) =>
        new (string Name, object? Value)[]
        {
            ("title", f.Title), ("description", f.Description), ("snippet", f.Snippet), ("tags", f.Tags), ("phone", f.Phone),
            ("access", f.Access), ("isInvitationOnly", f.IsInvitationOnly), ("isViewOnly", f.IsViewOnly), ("autoJoin", f.AutoJoin),
            ("sortField", f.SortField), ("sortOrder", f.SortOrder), ("capabilities", f.Capabilities),
        }.Where(x => x.Value is not null).Select(x => x.Name).ToArray();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
