namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// The <see cref="Webhook.Scope"/> of a service webhook, which is also the <c>TargetId</c> of the events its service
/// records: <c>FeatureServer:&lt;item id&gt;</c> (the service's portal item) or <c>GPServer:&lt;folder/name&gt;</c>.
/// </summary>
public static class ServiceScopes
{
    public const string FeatureServer = "FeatureServer";
    public const string GPServer = "GPServer";

    public static string Feature(string serviceItemId) => FeatureServer + ":" + serviceItemId.ToLowerInvariant();

    public static string Gp(string folder, string name) =>
        GPServer + ":" + (folder.Length == 0 ? name : folder + "/" + name).ToLowerInvariant();
}
