namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// The GP services this server offers. Other code (service webhooks) uses it to check that a service exists and is
/// asynchronous, and to build the keys and URLs its events and payloads carry. The built-in services belong to the
/// organization: any member may run them, and only the organization's administrators manage their webhooks.
/// </summary>
public sealed class GpCatalog(IEnumerable<GpServiceInfo> services)
{
    private readonly IReadOnlyList<GpServiceInfo> services = [.. services];

    public IReadOnlyList<GpServiceInfo> Services => services;

    /// <summary>The folders that hold services, for the <c>rest/services</c> catalog.</summary>
    public IReadOnlyList<string> Folders => [.. services.Select(s => s.Folder).Where(f => f.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The service in <paramref name="folder"/> ("" for the root) named <paramref name="name"/>, case-insensitively.</summary>
    public GpServiceInfo? Find(string folder, string name) =>
        services.FirstOrDefault(s => string.Equals(s.Folder, folder ?? "", StringComparison.OrdinalIgnoreCase) && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The <c>TargetId</c> of a service's job events, <c>GPServer:folder/name</c> in lower case: the scope its service
    /// webhooks carry (<see cref="Webhooks.Services.ServiceScopes.Gp"/>).
    /// </summary>
    public static string ScopeKey(string folder, string name) => Webhooks.Services.ServiceScopes.Gp(folder ?? "", name);

    /// <summary>
    /// A job's resource URL, <c>&lt;root&gt;rest/services/&lt;folder&gt;/&lt;name&gt;/GPServer/&lt;task&gt;/jobs/&lt;jobId&gt;</c>,
    /// where <paramref name="portalUrl"/> is <see cref="Portal.IPortalAddress.PortalUrl"/> (ending with '/'). Each
    /// segment is URL-encoded, so a task name with spaces gets %20.
    /// </summary>
    public static string JobUrl(string portalUrl, string folder, string service, string task, string jobId)
    {
        var root = portalUrl.EndsWith('/') ? portalUrl : portalUrl + "/";
        var path = string.IsNullOrEmpty(folder) ? Uri.EscapeDataString(service) : Uri.EscapeDataString(folder) + "/" + Uri.EscapeDataString(service);
        return $"{root}rest/services/{path}/GPServer/{Uri.EscapeDataString(task)}/jobs/{Uri.EscapeDataString(jobId)}";
    }
}
