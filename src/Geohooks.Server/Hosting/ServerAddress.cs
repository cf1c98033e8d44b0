using Geohooks.Core.Portal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Geohooks.Server.Hosting;

/// <summary>
/// The portal root receivers see: <c>--public-url</c> when given, else the first address Kestrel actually bound
/// (read when first needed, so a port chosen by the OS is reported correctly) plus the context path.
/// </summary>
public sealed class ServerAddress(IServer server, GeohooksOptions options) : IPortalAddress
{
    private string? _url;

    public string PortalUrl => _url ??= Resolve();

    private string Resolve()
    {
        var root = options.PublicUrl?.TrimEnd('/')
            ?? (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://127.0.0.1:5080") + options.PathBase;
        return root + "/";
    }
}
