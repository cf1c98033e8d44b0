using Geohooks.Core.Features;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>Finding the service a request names, and who may manage its webhooks.</summary>
public sealed partial class ServiceWebhookService
{
    /// <summary>
    /// The service in the caller's organization. Feature services: the item's owner or an administrator, anyone else
    /// gets 403. A hosted feature service is in the folder <c>Hosted</c> in the Enterprise flavor and at the root in
    /// ArcGIS Online's, whichever URL shape named it. <paramref name="forUpdate"/> locks the service row, so webhooks of
    /// one service are created one at a time. Geoprocessing services belong to the organization: administrators only.
    /// </summary>
    private async Task<HookTarget> ResolveAsync(IStoreSession session, Caller caller, string kind, ServiceRef service, bool forUpdate, CancellationToken ct)
    {
        if (service.Type == ServiceScopes.GPServer)
        {
            var gp = catalog.Find(service.Folder, service.Name) ?? throw GpErrors.ServiceNotFound(service.Folder.Length == 0 ? service.Name : $"{service.Folder}/{service.Name}");
            return caller.IsAdmin
                ? new HookTarget(service, ServiceScopes.Gp(gp.Folder, gp.Name), gp.Folder, gp.Name, null, gp)
                : throw E.Forbidden("Only administrators manage the webhooks of geoprocessing services.");
        }

        var feature = (forUpdate
            ? await session.Features.FindByNameForUpdateAsync(caller.Org.Id, service.Name, ct)
            : await session.Features.FindByNameAsync(caller.Org.Id, service.Name, ct)) ?? throw FeatureErrors.ServiceNotFound(service.Name);
        var item = await session.Items.FindAsync(feature.ItemId, ct) ?? throw FeatureErrors.ServiceNotFound(service.Name);
        if (!Access.IsOwnerOrAdmin(caller, item.Owner, item.OrgId))
        {
            throw E.Forbidden("Only the service's owner and administrators manage its webhooks.");
        }

        var folder = kind == WebhookKinds.Server ? "Hosted" : "";
        return new HookTarget(service, ServiceScopes.Feature(feature.ItemId), folder, feature.Name, feature, null);
    }

    /// <summary>
    /// Feature services need an edit capability and ChangeTracking, without Sync; geoprocessing services must run as
    /// jobs (spec webhooks §3.1). Sync is named first because a service with Sync always has ChangeTracking.
    /// </summary>
    private static void RequireHookable(HookTarget target)
    {
        if (target.Gp is { IsAsynchronous: false } gp)
        {
            throw E.BadRequest($"Service '{gp.Path}' cannot have webhooks: it is synchronous; only asynchronous geoprocessing services (submitJob) have them.");
        }

        if (target.Feature is not { } feature)
        {
            return;
        }

        var capabilities = feature.Definition.Capabilities;
        var missing = capabilities.Sync ? "Sync is enabled; webhooks need it off."
            : !capabilities.ChangeTracking ? "ChangeTracking is not enabled."
            : !capabilities.AnyEdit ? "Editing (Create, Update or Delete) is not enabled."
            : null;
        if (missing is not null)
        {
            throw E.BadRequest($"Service '{feature.Name}' cannot have webhooks: {missing} Change its capabilities with updateDefinition.");
        }
    }

    /// <summary>A resolved service: its scope (which is also its events' target), and the names webhooks show.</summary>
    private sealed record HookTarget(ServiceRef Service, string Scope, string FolderName, string ServiceName, FeatureService? Feature, GpServiceInfo? Gp);
}
