using Geohooks.Core.Errors;

namespace Geohooks.Core.Features.Geometry;

/// <summary>
/// The failures of the geometry layer. Parsing raises the applyEdits codes (spec §7.1) internally so one parser serves
/// both callers: <see cref="EsriJsonGeometryReader"/> turns them into a per-edit result or into the query's 400.
/// </summary>
internal static class GeometryErrors
{
    public const string InvalidMessage = "Invalid or missing input parameters.";

    /// <summary>The envelope every caller sees: code 400, first detail in the "'x' parameter is invalid" form of spec §4.4.</summary>
    public static ArcGisException Invalid(string parameter, string reason) =>
        new(400, InvalidMessage, [$"'{parameter}' parameter is invalid", reason]);

    public static ArcGisException NotSettable(string reason) =>
        new(GeometryEditError.NotSettable, "Geometry could not be set.", [reason]);

    public static ArcGisException NoZ(string reason) =>
        new(GeometryEditError.NoZValues, "Geometry does not have z-values.", [reason]);

    public static ArcGisException NoM(string reason) =>
        new(GeometryEditError.NoMValues, "Geometry does not have m-values.", [reason]);

    public static ArcGisException Curves() =>
        new(GeometryEditError.TrueCurves, "True curve update not allowed.", ["true curves (curvePaths, curveRings) are not supported; send densified paths or rings"]);

    /// <summary>The reason a parse failure carries, for re-wrapping under a parameter name.</summary>
    public static string Reason(ArcGisException e) => e.Details.Count > 0 ? e.Details[^1] : e.Message;
}
