using System.Globalization;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>
/// The form in which values meet in a comparison, IN, BETWEEN, COALESCE or NULLIF, and how constants are written
/// in it. Instant-like values of different kinds normally meet as epoch milliseconds; but when the only column-side
/// kind is date-only or timestamp-offset text and every constant can be written exactly in that form, they meet as
/// that text, so the column is compared as stored (and an index on it stays usable).
/// </summary>
internal static class Representation
{
    public static WhereType Choose(params WhereValue[] operands)
    {
        var type = operands[0].Type;
        foreach (var operand in operands)
        {
            type = WhereTypes.Common(type, operand.Type)
                ?? throw new InvalidOperationException("The parser accepted values that cannot meet.");
        }

        if (type != WhereType.Date)
        {
            return type;
        }

        var columnKinds = operands.Where(o => !IsConstant(o)).Select(o => o.Type).Distinct().ToList();
        if (columnKinds is [var kind and (WhereType.DateOnly or WhereType.TimestampOffset)]
            && operands.Where(IsConstant).All(c => c.Type == WhereType.DateOnly || (kind == WhereType.TimestampOffset && c.Type == WhereType.Date && c is not WhereInteger and not WhereReal)))
        {
            return kind;
        }

        return WhereType.Date;
    }

    /// <summary>Whether a single-precision column is among the operands, so number constants are matched at its precision.</summary>
    public static bool MeetsSingle(params WhereValue[] operands) =>
        operands.Any(o => o is WhereField { Field.Type: FieldType.Single });

    /// <summary>Values known before the query runs: literals, CURRENT_* and typed NULLs.</summary>
    public static bool IsConstant(WhereValue value) => value is WhereInteger or WhereReal or WhereString or WhereDate
        or WhereTimestamp or WhereTime or WhereInterval or WhereNow or WhereNull;

    public static bool IsText(WhereType type) =>
        type is WhereType.String or WhereType.DateOnly or WhereType.TimeOnly or WhereType.TimestampOffset;

    public static WhereSqlType SqlType(WhereType representation, bool single) => representation switch
    {
        WhereType.Integer or WhereType.Date or WhereType.Interval => WhereSqlType.Int64,
        WhereType.Real => single ? WhereSqlType.Float32 : WhereSqlType.Float64,
        _ => WhereSqlType.Text,
    };

    /// <summary>The value of a constant (not a NULL) in a representation; <paramref name="nowEpochMs"/> is CURRENT_*.</summary>
    public static object Constant(WhereValue constant, WhereType representation, bool single, long nowEpochMs)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowEpochMs);
        return constant switch
        {
            WhereInteger i when representation == WhereType.Real => Real(i.Value, single),
            WhereInteger i => i.Value,
            WhereReal r when representation == WhereType.Real => Real(r.Value, single),
            WhereReal r => Milliseconds(r.Value),
            WhereString s => s.Value,
            WhereDate d => Date(d.Value, representation),
            WhereTimestamp t => Instant(t.Value, representation),
            WhereTime t => t.Value.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            WhereInterval i => i.Milliseconds,
            WhereNow { Kind: WhereCurrent.Date } => Date(DateOnly.FromDateTime(now.UtcDateTime), representation),
            WhereNow { Kind: WhereCurrent.Time } => now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            WhereNow => Instant(now, representation),
            _ => throw new InvalidOperationException($"{constant.GetType().Name} is not a constant."),
        };
    }

    private static double Real(double value, bool single) => single ? (float)value : value;

    // A number compared with a date is epoch milliseconds; a fraction of one cannot be stored, so it is rounded.
    private static long Milliseconds(double value) =>
        value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)Math.Round(value);

    private static object Date(DateOnly date, WhereType representation) => representation switch
    {
        WhereType.DateOnly => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Instant(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), representation),
    };

    private static object Instant(DateTimeOffset instant, WhereType representation) => representation switch
    {
        WhereType.TimestampOffset => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => instant.ToUnixTimeMilliseconds(),
    };
}
