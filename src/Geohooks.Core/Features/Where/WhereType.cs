using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// The static type of a value in a where clause. Every field type maps onto one of these; the names of the
/// temporal ones follow <see cref="FieldType"/> (<see cref="Date"/> is an esriFieldTypeDate instant).
/// </summary>
public enum WhereType
{
    Integer,
    Real,
    String,

    /// <summary>An absolute instant (esriFieldTypeDate, TIMESTAMP literals, CURRENT_TIMESTAMP).</summary>
    Date,
    DateOnly,
    TimeOnly,
    TimestampOffset,

    /// <summary>A signed duration (INTERVAL literals, the difference of two instants).</summary>
    Interval,
    Blob,
}

public static class WhereTypes
{
    public static WhereType Of(FieldType type) => type switch
    {
        FieldType.Oid or FieldType.SmallInteger or FieldType.Integer or FieldType.BigInteger => WhereType.Integer,
        FieldType.Single or FieldType.Double => WhereType.Real,
        FieldType.String or FieldType.Guid or FieldType.GlobalId or FieldType.Xml => WhereType.String,
        FieldType.Date => WhereType.Date,
        FieldType.DateOnly => WhereType.DateOnly,
        FieldType.TimeOnly => WhereType.TimeOnly,
        FieldType.TimestampOffset => WhereType.TimestampOffset,
        FieldType.Blob => WhereType.Blob,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool IsNumeric(this WhereType type) => type is WhereType.Integer or WhereType.Real;

    /// <summary>The types that name a point in time and so can be compared with each other as instants.</summary>
    public static bool IsInstantLike(this WhereType type) =>
        type is WhereType.Date or WhereType.DateOnly or WhereType.TimestampOffset;

    /// <summary>
    /// The type two values are compared in, or null when they cannot be compared. Numbers compare with numbers;
    /// text with text; the instant-like types with each other (as instants when they differ) and with numbers
    /// (epoch milliseconds, the storage of esriFieldTypeDate, for dates only); times with times; intervals with
    /// intervals.
    /// </summary>
    public static WhereType? Common(WhereType a, WhereType b)
    {
        if (a.IsNumeric() && b.IsNumeric())
        {
            return a == WhereType.Integer && b == WhereType.Integer ? WhereType.Integer : WhereType.Real;
        }

        if (a == b)
        {
            return a == WhereType.Blob ? null : a;
        }

        if ((a.IsInstantLike() && b.IsInstantLike()) || (a == WhereType.Date && b.IsNumeric()) || (a.IsNumeric() && b == WhereType.Date))
        {
            return WhereType.Date;
        }

        return null;
    }

    /// <summary>How a type is named in error details.</summary>
    public static string Describe(this WhereType type) => type switch
    {
        WhereType.Integer => "an integer",
        WhereType.Real => "a number",
        WhereType.String => "text",
        WhereType.Date => "a date",
        WhereType.DateOnly => "a date-only value",
        WhereType.TimeOnly => "a time-only value",
        WhereType.TimestampOffset => "a timestamp with offset",
        WhereType.Interval => "an interval",
        _ => "a blob",
    };
}
