using Geohooks.Core.Errors;
using Geohooks.Core.Portal.Search;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary>Portal members: creation, profile, role, enable/disable, deletion (spec resources §2.4, §2.11).</summary>
public sealed class UserService(IStore store, TimeProvider time)
{
    private static readonly string[] ProfileAccess = ["public", "org", "private"];

    public async Task<User> CreateAsync(Caller admin, NewUser request, CancellationToken ct)
    {
        RequireAdmin(admin);
        var user = NewUserRecord(admin.Org.Id, request, Now());
        await using var session = await store.WriteAsync(ct);
        await InsertAsync(session, user, ct);
        await PortalEvents.RecordAsync(session, admin, EventSources.User, "add", user.Id, user.Created, new { username = user.Username, role = user.Role }, ct);
        await session.CommitAsync(ct);
        return user;
    }

    /// <summary>Builds and validates a user record; shared with the first-start bootstrap.</summary>
    public static User NewUserRecord(string orgId, NewUser request, long now)
    {
        ValidateUsername(request.Username);
        if (Passwords.Weakness(request.Password) is { } weak)
        {
            throw E.InvalidParameter("password", weak);
        }

        var role = Roles.Normalize(request.Role) ?? throw E.InvalidParameter("role", $"'{request.Role}' is not a role. Use org_admin, org_publisher or org_user.");
        var user = new User
        {
            Id = Ids.NewId(),
            OrgId = orgId,
            Username = request.Username,
            FirstName = request.FirstName,
            LastName = request.LastName,
            FullName = request.FullName ?? $"{request.FirstName} {request.LastName}".Trim(),
            Email = request.Email,
            Description = request.Description,
            Role = role,
            UserLicenseTypeId = request.UserLicenseTypeId ?? "creatorUT",
            Created = now,
            Modified = now,
        };
        return user with { PasswordHash = Passwords.Hash(user, request.Password) };
    }

    public static async Task InsertAsync(IStoreSession session, User user, CancellationToken ct)
    {
        try
        {
            await session.Users.InsertAsync(user, ct);
        }
        catch (DuplicateKeyException)
        {
            throw E.Conflict($"The username '{user.Username}' is already taken.");
        }
    }

    public async Task<UserView> GetAsync(Caller? caller, string username, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        var user = await session.Users.FindByUsernameAsync(username, ct);
        if (user is null || !Access.CanView(caller, user))
        {
            throw E.UserNotFound(username);
        }

        var full = Access.SeesPrivateFields(caller, user);
        var groups = full ? await session.Groups.ListForUserAsync(user.Username, ct) : [];
        return new UserView(user, full, groups);
    }

    public async Task<User> UpdateAsync(Caller caller, string username, UserUpdate update, CancellationToken ct)
    {
        if (update.Access is { } access && !ProfileAccess.Contains(access, StringComparer.Ordinal))
        {
            throw E.InvalidParameter("access", "must be public, org or private.");
        }

        if (update.Password is { } password && Passwords.Weakness(password) is { } weak)
        {
            throw E.InvalidParameter("password", weak);
        }

        await using var session = await store.WriteAsync(ct);
        var user = await FindEditableAsync(session, caller, username, ct);
        var changed = user with
        {
            FirstName = update.FirstName ?? user.FirstName,
            LastName = update.LastName ?? user.LastName,
            FullName = update.FullName ?? user.FullName,
            Email = update.Email ?? user.Email,
            Description = update.Description ?? user.Description,
            Access = update.Access ?? user.Access,
            Tags = update.Tags ?? user.Tags,
            Culture = update.Culture ?? user.Culture,
            Region = update.Region ?? user.Region,
            Units = update.Units ?? user.Units,
            Modified = Now(),
        };
        if (update.Password is not null)
        {
            changed = changed with { PasswordHash = Passwords.Hash(changed, update.Password) };
            await session.Tokens.RevokeAllForUserAsync(user.Id, ct);
        }

        await session.Users.UpdateAsync(changed, ct);
        var fields = ChangedFields(update);
        await PortalEvents.RecordAsync(session, caller, EventSources.User, "update", user.Id, changed.Modified, new { username = user.Username, updatedFields = fields }, ct);
        await session.CommitAsync(ct);
        return changed;
    }

    public async Task<User> UpdateRoleAsync(Caller admin, string username, string role, CancellationToken ct)
    {
        RequireAdmin(admin);
        var normalized = Roles.Normalize(role) ?? throw E.InvalidParameter("role", $"'{role}' is not a role. Use org_admin, org_publisher or org_user.");
        await using var session = await store.WriteAsync(ct);
        var user = await FindInOrgAsync(session, admin, username, ct);
        if (user.Role == Roles.Admin && normalized != Roles.Admin)
        {
            await RequireAnotherAdminAsync(session, user, ct);
        }

        var changed = user with { Role = normalized, Modified = Now() };
        await session.Users.UpdateAsync(changed, ct);
        await PortalEvents.RecordAsync(session, admin, EventSources.User, "update", user.Id, changed.Modified, new { username = user.Username, role = normalized, previousRole = user.Role }, ct);
        await session.CommitAsync(ct);
        return changed;
    }

    public async Task<User> SetDisabledAsync(Caller admin, string username, bool disabled, CancellationToken ct)
    {
        RequireAdmin(admin);
        await using var session = await store.WriteAsync(ct);
        var user = await FindInOrgAsync(session, admin, username, ct);
        if (disabled && Access.Same(user.Username, admin.Username))
        {
            throw E.BadRequest("You cannot disable your own account.");
        }

        var changed = user with { Disabled = disabled, Modified = Now() };
        await session.Users.UpdateAsync(changed, ct);
        if (disabled)
        {
            await session.Tokens.RevokeAllForUserAsync(user.Id, ct);
        }

        await PortalEvents.RecordAsync(session, admin, EventSources.User, disabled ? "disable" : "enable", user.Id, changed.Modified, new { username = user.Username }, ct);
        await session.CommitAsync(ct);
        return changed;
    }

    public async Task DeleteAsync(Caller admin, string username, CancellationToken ct)
    {
        RequireAdmin(admin);
        await using var session = await store.WriteAsync(ct);
        var user = await FindInOrgAsync(session, admin, username, ct);
        if (Access.Same(user.Username, admin.Username))
        {
            throw E.BadRequest("You cannot delete your own account.");
        }

        var items = await session.Items.CountOwnedByAsync(user.Username, ct);
        var groups = await session.Groups.CountOwnedByAsync(user.Username, ct);
        if (items > 0 || groups > 0)
        {
            throw E.BadRequest($"User '{user.Username}' owns {items} item(s) and {groups} group(s). Delete or reassign them first.");
        }

        foreach (var (group, _) in await session.Groups.ListForUserAsync(user.Username, ct))
        {
            await session.Groups.RemoveMemberAsync(group.Id, user.Username, ct);
        }

        await session.Tokens.RevokeAllForUserAsync(user.Id, ct);
        await session.Users.DeleteAsync(user.Id, ct);
        await PortalEvents.RecordAsync(session, admin, EventSources.User, "delete", user.Id, Now(), new { username = user.Username }, ct);
        await session.CommitAsync(ct);
    }

    public async Task<Page<User>> SearchAsync(Caller? caller, SearchRequest request, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return await session.Users.SearchAsync(request with { Viewer = Caller.ViewerOf(caller) }, ct);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw E.Forbidden();
        }
    }

    private static async Task<User> FindInOrgAsync(IStoreSession session, Caller admin, string username, CancellationToken ct)
    {
        var user = await session.Users.FindByUsernameAsync(username, ct);
        return user is not null && user.OrgId == admin.Org.Id ? user : throw E.UserNotFound(username);
    }

    private static async Task<User> FindEditableAsync(IStoreSession session, Caller caller, string username, CancellationToken ct)
    {
        var user = await session.Users.FindByUsernameAsync(username, ct);
        if (user is null || !Access.CanView(caller, user))
        {
            throw E.UserNotFound(username);
        }

        return Access.SeesPrivateFields(caller, user) ? user : throw E.Forbidden();
    }

    private static async Task RequireAnotherAdminAsync(IStoreSession session, User user, CancellationToken ct)
    {
        if (await session.Users.CountByRoleAsync(user.OrgId, Roles.Admin, includeDisabled: false, ct) <= 1)
        {
            throw E.BadRequest($"'{user.Username}' is the last administrator of the organization.");
        }
    }

    private static void ValidateUsername(string username)
    {
        if (username.Length is < 3 or > 128 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '-'))
        {
            throw E.InvalidParameter("username", "must be 3 to 128 characters: letters, digits, '_', '.', '@' or '-'.");
        }
    }

    private static string[] ChangedFields(UserUpdate u) =>
        new (string Name, object? Value)[]
        {
            ("firstName", u.FirstName), ("lastName", u.LastName), ("fullName", u.FullName), ("email", u.Email),
            ("description", u.Description), ("access", u.Access), ("tags", u.Tags), ("culture", u.Culture),
            ("region", u.Region), ("units", u.Units), ("password", u.Password),
        }.Where(f => f.Value is not null).Select(f => f.Name).ToArray();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
