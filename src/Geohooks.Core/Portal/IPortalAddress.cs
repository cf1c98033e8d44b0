namespace Geohooks.Core.Portal;

/// <summary>The portal's public root as receivers should see it (webhook payloads' <c>portalURL</c>), ending with '/'.</summary>
public interface IPortalAddress
{
    string PortalUrl { get; }
}
