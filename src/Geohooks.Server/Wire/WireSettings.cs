namespace Geohooks.Server.Wire;

/// <summary>What the wire layer needs from configuration, resolved once at start.</summary>
public sealed record WireSettings(string PathBase, long MaxRequestBodyBytes);
