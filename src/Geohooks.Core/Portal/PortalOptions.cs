namespace Geohooks.Core.Portal;

/// <summary>Portal behaviour settings; bound from configuration by the host.</summary>
public sealed class PortalOptions
{
    /// <summary>Longest lifetime a token may be issued for; also the default when none is asked for.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Lifetime when the client does not ask for one (ArcGIS's default is 60 minutes).</summary>
    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromMinutes(60);
}
