namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// The <c>units</c> of a GPLinearUnit (spec resources §10.3) and their length in metres. The plain names and the
/// <c>esriInt…</c> names are both taken as the international units (the US survey foot differs by 2 ppm);
/// <c>esriDecimalDegrees</c> and <c>esriUnknownUnits</c> are accepted as values but have no length.
/// </summary>
public static class GpLinearUnits
{
    public const string Meters = "esriMeters";

    private const double Inch = 0.0254;

    private static readonly Dictionary<string, double?> Lengths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["esriUnknownUnits"] = null,
        ["esriInches"] = Inch,
        ["esriPoints"] = Inch / 72,
        ["esriFeet"] = 0.3048,
        ["esriYards"] = 0.9144,
        ["esriMiles"] = 1609.344,
        ["esriNauticalMiles"] = 1852,
        ["esriMillimeters"] = 0.001,
        ["esriCentimeters"] = 0.01,
        [Meters] = 1,
        ["esriKilometers"] = 1000,
        ["esriDecimalDegrees"] = null,
        ["esriDecimeters"] = 0.1,
        ["esriIntInches"] = Inch,
        ["esriIntFeet"] = 0.3048,
        ["esriIntYards"] = 0.9144,
        ["esriIntMiles"] = 1609.344,
        ["esriIntNauticalMiles"] = 1852,
    };

    /// <summary>The unit as ArcGIS spells it, or null when it is not one.</summary>
    public static string? Canonical(string units) => Lengths.Keys.FirstOrDefault(k => string.Equals(k, units, StringComparison.OrdinalIgnoreCase));

    /// <summary>Metres per unit; null for units without a length.</summary>
    public static double? MetersPer(string units) => Lengths.GetValueOrDefault(units);
}
