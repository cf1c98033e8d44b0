using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Portal;

/// <summary>The outcome of the first start: the org, and the admin's password when Geohooks generated it.</summary>
public sealed record BootstrapResult(Org Org, string? CreatedAdmin, string? GeneratedPassword);

/// <summary>Creates the organization and its first administrator on first start; does nothing afterwards.</summary>
public sealed class PortalBootstrap(IStore store, TimeProvider time)
{
    public const string DefaultAdmin = "admin";

    public async Task<BootstrapResult> EnsureAsync(string? adminUser, string? adminPassword, string orgName, CancellationToken ct)
    {
        await using (var read = await store.ReadAsync(ct))
        {
            if (await read.Orgs.GetDefaultAsync(ct) is { } existing)
            {
                return new BootstrapResult(existing, null, null);
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var org = new Org { Id = Ids.NewOrgId(), Name = orgName, UrlKey = "geohooks", Created = now, Modified = now };
        var password = adminPassword ?? Ids.NewPassword();
        var admin = UserService.NewUserRecord(
            org.Id,
            new NewUser(adminUser ?? DefaultAdmin, password, "Geohooks", "Administrator", null, null, Roles.Admin, "creatorUT", null),
            now);
        try
        {
            await using var session = await store.WriteAsync(ct);
            await session.Orgs.InsertAsync(org, ct);
            await session.Users.InsertAsync(admin, ct);
            await PortalEvents.RecordAsync(session, new Caller(admin, org), EventSources.User, "add", admin.Id, now, new { username = admin.Username, role = admin.Role }, ct);
            await session.CommitAsync(ct);
        }
        catch (DuplicateKeyException)
        {
            // Another process sharing the database bootstrapped first; its organization wins.
            await using var read = await store.ReadAsync(ct);
            return new BootstrapResult(await read.Orgs.GetDefaultAsync(ct) ?? throw new InvalidOperationException("Bootstrap raced and no organization exists."), null, null);
        }

        return new BootstrapResult(org, admin.Username, adminPassword is null ? password : null);
    }
}
