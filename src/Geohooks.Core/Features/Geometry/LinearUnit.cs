namespace Geohooks.Core.Features.Geometry;

/// <summary>The <c>units</c> of a query <c>distance</c> (spec §4.1).</summary>
public enum LinearUnit
{
    Meter,
    Foot,
    Kilometer,
    StatuteMile,
    NauticalMile,
    USNauticalMile,
}

public static class LinearUnits
{
    private const string Prefix = "esriSRUnit_";

    public static string WireName(this LinearUnit unit) => Prefix + unit;

    /// <summary>International definitions; the US nautical mile is the pre-1954 US value Esri keeps as its own unit.</summary>
    public static double Meters(this LinearUnit unit) => unit switch
    {
        LinearUnit.Foot => 0.3048,
        LinearUnit.Kilometer => 1000,
        LinearUnit.StatuteMile => 1609.344,
        LinearUnit.NauticalMile => 1852,
        LinearUnit.USNauticalMile => 1853.248,
        _ => 1,
    };

    /// <summary>
    /// Parses <c>units</c>. Blank gives <paramref name="fallback"/>: ArcGIS Online defaults to metres, Enterprise
    /// to feet; the caller picks.
    /// </summary>
    public static LinearUnit Parse(string? wireName, LinearUnit fallback = LinearUnit.Meter, string parameterName = "units") =>
        WireEnums.Parse(wireName, WireName, fallback, parameterName);
}
