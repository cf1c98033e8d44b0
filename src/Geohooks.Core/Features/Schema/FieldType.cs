namespace Geohooks.Core.Features.Schema;

/// <summary>
/// The attribute types a layer may declare (spec §3.2 "Field types"). The geometry is not a field here: a layer
/// has at most one shape, described by its geometry type. Raster fields are not supported and are refused.
/// </summary>
public enum FieldType
{
    Oid,
    GlobalId,
    Guid,
    String,
    SmallInteger,
    Integer,
    BigInteger,
    Single,
    Double,
    Date,
    DateOnly,
    TimeOnly,
    TimestampOffset,
    Blob,
    Xml,
}

/// <summary>The esriFieldType* spellings of <see cref="FieldType"/> and what each type holds.</summary>
public static class FieldTypes
{
    private static readonly Dictionary<string, FieldType> ByWireName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["esriFieldTypeOID"] = FieldType.Oid,
        ["esriFieldTypeGlobalID"] = FieldType.GlobalId,
        ["esriFieldTypeGUID"] = FieldType.Guid,
        ["esriFieldTypeString"] = FieldType.String,
        ["esriFieldTypeSmallInteger"] = FieldType.SmallInteger,
        ["esriFieldTypeInteger"] = FieldType.Integer,
        ["esriFieldTypeBigInteger"] = FieldType.BigInteger,
        ["esriFieldTypeSingle"] = FieldType.Single,
        ["esriFieldTypeDouble"] = FieldType.Double,
        ["esriFieldTypeDate"] = FieldType.Date,
        ["esriFieldTypeDateOnly"] = FieldType.DateOnly,
        ["esriFieldTypeTimeOnly"] = FieldType.TimeOnly,
        ["esriFieldTypeTimestampOffset"] = FieldType.TimestampOffset,
        ["esriFieldTypeBlob"] = FieldType.Blob,
        ["esriFieldTypeXML"] = FieldType.Xml,
    };

    public static string WireName(this FieldType type) => type switch
    {
        FieldType.Oid => "esriFieldTypeOID",
        FieldType.GlobalId => "esriFieldTypeGlobalID",
        FieldType.Guid => "esriFieldTypeGUID",
        FieldType.String => "esriFieldTypeString",
        FieldType.SmallInteger => "esriFieldTypeSmallInteger",
        FieldType.Integer => "esriFieldTypeInteger",
        FieldType.BigInteger => "esriFieldTypeBigInteger",
        FieldType.Single => "esriFieldTypeSingle",
        FieldType.Double => "esriFieldTypeDouble",
        FieldType.Date => "esriFieldTypeDate",
        FieldType.DateOnly => "esriFieldTypeDateOnly",
        FieldType.TimeOnly => "esriFieldTypeTimeOnly",
        FieldType.TimestampOffset => "esriFieldTypeTimestampOffset",
        FieldType.Blob => "esriFieldTypeBlob",
        FieldType.Xml => "esriFieldTypeXML",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? wireName, out FieldType type) =>
        ByWireName.TryGetValue(wireName ?? "", out type);

    /// <summary>Whole numbers: stored as 64-bit integers at most.</summary>
    public static bool IsInteger(this FieldType type) =>
        type is FieldType.Oid or FieldType.SmallInteger or FieldType.Integer or FieldType.BigInteger;

    public static bool IsNumeric(this FieldType type) =>
        type.IsInteger() || type is FieldType.Single or FieldType.Double;

    /// <summary>
    /// Types whose values are text on the wire and in the database (ISO forms for the date-only, time-only and
    /// offset types; braced upper-case GUIDs).
    /// </summary>
    public static bool IsText(this FieldType type) =>
        type is FieldType.String or FieldType.Guid or FieldType.GlobalId or FieldType.Xml
            or FieldType.DateOnly or FieldType.TimeOnly or FieldType.TimestampOffset;
}
