using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Server.Api.Portal;

/// <summary>The installation's organization, read once and kept: it is created at start and never replaced.</summary>
public sealed class PortalDirectory(IStore store)
{
    private Org? _org;

    public async Task<Org> OrgAsync(CancellationToken ct)
    {
        if (_org is { } org)
        {
            return org;
        }

        await using var session = await store.ReadAsync(ct);
        return _org = await session.Orgs.GetDefaultAsync(ct) ?? throw new InvalidOperationException("The organization has not been created.");
    }
}
