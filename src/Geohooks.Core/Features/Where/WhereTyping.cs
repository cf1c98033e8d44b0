using System.Globalization;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// The type rules of where clauses: what may meet what, and how a string literal is read when it meets a typed
/// value. The choices, kept cheap and aimed at real mistakes:
/// <list type="bullet">
/// <item>A string literal compared with a number is read as a number (<c>objectid = '5'</c>, as clients send it);
/// with a date, date-only or timestamp-offset value as a date or timestamp (<c>created &gt; '2020-01-31'</c>); with
/// a time as HH:mm:ss; with a GUID or GlobalID field as a GUID, normalized to the stored braced upper-case form.
/// A string that does not read is a 400 naming the field; a number compared with text is a 400 (quote it).</item>
/// <item>Dates, date-only values and timestamp-offset values compare as instants with each other (a date-only
/// value is its midnight UTC), and a date (not a date-only or offset value) with a number compares as epoch
/// milliseconds, its storage. Times compare only with times, intervals only with intervals.</item>
/// <item>LIKE, CHAR_LENGTH, LOWER, UPPER, POSITION, SUBSTRING and TRIM take text only; arithmetic numbers only,
/// except instant ± INTERVAL, instant − instant (an interval) and <c>||</c>/CONCAT, which also take numbers.</item>
/// <item>Blob fields only go with IS [NOT] NULL.</item>
/// </list>
/// </summary>
internal static class WhereTyping
{
    /// <summary>Reads a string literal as the type of the value it meets; anything else is returned unchanged.</summary>
    public static WhereValue Coerce(WhereValue value, WhereValue other, int position)
    {
        if (value is not WhereString literal || other is WhereString)
        {
            return value;
        }

        return other.Type switch
        {
            WhereType.Integer or WhereType.Real => WhereLiterals.ParseNumber(literal.Value)
                ?? throw Mismatch(literal, "is not a number", other, position),
            WhereType.Date or WhereType.DateOnly or WhereType.TimestampOffset => ReadInstant(literal.Value)
                ?? throw Mismatch(literal, "is not a date (yyyy-mm-dd [hh:mm:ss[.fff]] [±hh:mm])", other, position),
            WhereType.TimeOnly => WhereLiterals.ParseTime(literal.Value) is { } time
                ? new WhereTime(time)
                : throw Mismatch(literal, "is not a time (hh:mm:ss)", other, position),
            WhereType.String when other is WhereField { Field.Type: FieldType.Guid or FieldType.GlobalId } => Guid.TryParse(literal.Value.Trim(), out var guid)
                ? new WhereString("{" + guid.ToString("D").ToUpperInvariant() + "}")
                : throw Mismatch(literal, "is not a GUID", other, position),
            _ => value,
        };
    }

    /// <summary>A date-only or timestamp literal from its text, or null.</summary>
    public static WhereValue? ReadInstant(string text) =>
        WhereLiterals.ParseDate(text) is { } date ? new WhereDate(date)
        : WhereLiterals.ParseTimestamp(text) is { } timestamp ? new WhereTimestamp(timestamp)
        : null;

    /// <summary>Both operands, coerced towards each other, once they are known to be comparable.</summary>
    public static (WhereValue Left, WhereValue Right) Comparable(WhereValue left, WhereValue right, int position)
    {
        var l = Coerce(left, right, position);
        var r = Coerce(right, left, position);
        RejectBlob(l, position);
        RejectBlob(r, position);
        if (WhereTypes.Common(l.Type, r.Type) is null)
        {
            var hint = l.Type == WhereType.String && r.Type.IsNumeric() || r.Type == WhereType.String && l.Type.IsNumeric()
                ? " (quote a value to compare it as text)"
                : "";
            throw WhereParser.Invalid($"Cannot compare {Describe(l)} with {Describe(r)}{hint}", position);
        }

        return (l, r);
    }

    public static WhereValue Arithmetic(WhereValue left, WhereArithmeticOperator op, WhereValue right, int position)
    {
        RejectBlob(left, position);
        RejectBlob(right, position);
        var (l, r) = (left, right);
        if (op != WhereArithmeticOperator.Concatenate)
        {
            l = r.Type.IsNumeric() || r.Type.IsInstantLike() ? Coerce(left, right, position) : left;
            r = l.Type.IsNumeric() || l.Type.IsInstantLike() ? Coerce(right, l, position) : right;
        }

        var type = ResultOf(l.Type, op, r.Type)
            ?? throw WhereParser.Invalid(
                $"Cannot apply '{op.Symbol()}' to {Describe(l)} and {Describe(r)}" +
                (op == WhereArithmeticOperator.Add && l.Type == WhereType.String ? " (use || to join text)" : ""),
                position);
        return new WhereArithmetic(l, op, r, type);
    }

    public static WhereValue Negate(WhereValue operand, int position) => operand switch
    {
        WhereInteger { Value: long.MinValue } i => new WhereReal(-(double)i.Value),
        WhereInteger i => new WhereInteger(-i.Value),
        WhereReal r => new WhereReal(-r.Value),
        WhereInterval i => new WhereInterval(-i.Milliseconds),
        _ when operand.Type.IsNumeric() || operand.Type == WhereType.Interval => new WhereNegate(operand),
        _ => throw WhereParser.Invalid($"Cannot negate {Describe(operand)}", position),
    };

    /// <summary>A number for a function argument: numbers pass, numeric string literals are read.</summary>
    public static WhereValue Number(WhereValue value, string function, int position)
    {
        if (value is WhereString literal && WhereLiterals.ParseNumber(literal.Value) is { } number)
        {
            return number;
        }

        return value.Type.IsNumeric() ? value : throw WhereParser.Invalid($"{function} needs a number, not {Describe(value)}", position);
    }

    public static WhereValue Text(WhereValue value, string function, int position) =>
        value.Type == WhereType.String ? value : throw WhereParser.Invalid($"{function} needs text, not {Describe(value)}", position);

    /// <summary>A text or number operand of <c>||</c> and CONCAT.</summary>
    public static WhereValue Joinable(WhereValue value, string function, int position) =>
        value.Type is WhereType.String or WhereType.Integer or WhereType.Real
            ? value
            : throw WhereParser.Invalid($"{function} joins text and numbers, not {Describe(value)}", position);

    public static void RejectBlob(WhereValue value, int position)
    {
        if (value.Type == WhereType.Blob)
        {
            throw WhereParser.Invalid($"{Describe(value)} can only be tested with IS NULL or IS NOT NULL", position);
        }
    }

    /// <summary>How a value is named in error details: fields and literals by themselves, the rest by type.</summary>
    public static string Describe(WhereValue value) => value switch
    {
        WhereField field => $"field '{field.Field.Name}' ({field.Type.Describe()})",
        WhereString s => $"the string '{Shorten(s.Value)}'",
        WhereInteger i => string.Create(CultureInfo.InvariantCulture, $"the number {i.Value}"),
        WhereReal r => string.Create(CultureInfo.InvariantCulture, $"the number {r.Value}"),
        _ => value.Type.Describe(),
    };

    private static WhereType? ResultOf(WhereType l, WhereArithmeticOperator op, WhereType r)
    {
        if (op == WhereArithmeticOperator.Concatenate)
        {
            return l is WhereType.String or WhereType.Integer or WhereType.Real && r is WhereType.String or WhereType.Integer or WhereType.Real
                ? WhereType.String
                : null;
        }

        if (l.IsNumeric() && r.IsNumeric())
        {
            return l == WhereType.Integer && r == WhereType.Integer ? WhereType.Integer : WhereType.Real;
        }

        return op switch
        {
            WhereArithmeticOperator.Add when l.IsInstantLike() && r == WhereType.Interval => WhereType.Date,
            WhereArithmeticOperator.Add when l == WhereType.Interval && r.IsInstantLike() => WhereType.Date,
            WhereArithmeticOperator.Subtract when l.IsInstantLike() && r == WhereType.Interval => WhereType.Date,
            WhereArithmeticOperator.Subtract when l.IsInstantLike() && r.IsInstantLike() => WhereType.Interval,
            WhereArithmeticOperator.Add or WhereArithmeticOperator.Subtract when l == WhereType.Interval && r == WhereType.Interval =>
                WhereType.Interval,
            _ => null,
        };
    }

    private static WhereSyntaxException Mismatch(WhereString literal, string problem, WhereValue other, int position) =>
        WhereParser.Invalid($"The string '{Shorten(literal.Value)}' {problem}, so it cannot meet {Describe(other)}", position);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
