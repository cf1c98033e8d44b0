using Geohooks.Core.Features;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Portal;

/// <summary><c>createService</c> and <c>isServiceNameAvailable</c>: hosted feature services as portal items (spec resources §2.10).</summary>
public sealed partial class ItemService
{
    private static readonly string[] ServiceKeywords = ["ArcGIS Server", "Data", "Feature Access", "Feature Service", "Service", "Hosted Service"];

    /// <summary>
    /// Creates the item and the empty service in one transaction. <paramref name="servicesRoot"/> is the public
    /// <c>…/rest/services</c> URL the item's <c>url</c> points under.
    /// </summary>
    public async Task<(Item Item, FeatureService Service)> CreateServiceAsync(
        Caller caller, string owner, string? folderId, string? createParameters, ItemFields fields, string servicesRoot, CancellationToken ct)
    {
        if (!caller.Has("portal:publisher:publishFeatures"))
        {
            throw E.Forbidden("Creating hosted feature services needs the publisher privilege.");
        }

        const string op = DefinitionError.Create;
        var json = DefinitionJson.Parse(createParameters, "createParameters", op);
        var name = DefinitionJson.String(json, "name", op)?.Trim();
        if (!ServiceDefinitionReader.IsValidName(name))
        {
            throw DefinitionError.Of(op, "'name' is required and may contain only letters, digits and underscores.");
        }

        var definition = ServiceDefinitionReader.Apply(json, new ServiceDefinition(), op);
        await using var session = await store.WriteAsync(ct);
        var ownerUser = await FindContentOwnerAsync(session, caller, owner, ct);
        var folder = await FindFolderAsync(session, ownerUser.Username, folderId, ct);
        if (await session.Features.FindByNameAsync(ownerUser.OrgId, name!, ct) is not null)
        {
            throw DefinitionError.Of(op, $"A service named '{name}' already exists in this organization.");
        }

        var now = Now();
        var url = $"{servicesRoot}/{name}/FeatureServer";
        var item = Apply(
            new Item
            {
                Id = Ids.NewId(), OrgId = ownerUser.OrgId, Owner = ownerUser.Username, OwnerFolder = folder?.Id, Title = name!,
                Type = "Feature Service", TypeKeywords = ServiceKeywords, Url = url, Name = name, Created = now, Modified = now,
            },
            fields with { Type = null, Url = null, Name = null });
        await session.Items.InsertAsync(item, ct);
        var service = await session.Features.InsertAsync(
            new FeatureService { Key = 0, ItemId = item.Id, OrgId = item.OrgId, Name = name!, Definition = definition, Created = now, SchemaLastEditDate = now },
            ct);
        await PortalEvents.RecordAsync(session, caller, EventSources.Item, "add", item.Id, now, new { title = item.Title, type = item.Type, owner = item.Owner }, ct);
        await session.CommitAsync(ct);
        return (item, service);
    }

    public async Task<bool> IsServiceNameAvailableAsync(Caller caller, string name, CancellationToken ct)
    {
        await using var session = await store.ReadAsync(ct);
        return ServiceDefinitionReader.IsValidName(name) && await session.Features.FindByNameAsync(caller.Org.Id, name, ct) is null;
    }
}
