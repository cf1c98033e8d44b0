using System.Globalization;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// CAST(value AS type) and EXTRACT(part FROM value). A string literal operand is converted here, so a bad date
/// in <c>CAST('2020-13-01' AS DATE)</c> is a 400 rather than a database error.
/// </summary>
internal sealed partial class WhereGrammar
{
    private const int MaxVarcharLength = 1_000_000;

    private WhereValue ParseCast(WhereToken name)
    {
        var operand = ParseValue();
        ExpectKeyword("AS");
        var typeToken = Expect(WhereTokenKind.Word, "a type name");
        var (target, length) = ParseCastType(typeToken);
        WhereTyping.RejectBlob(operand, name.Position);
        if (operand is WhereString literal)
        {
            return CastLiteral(literal, target, length, typeToken);
        }

        var allowed = target switch
        {
            WhereCastTarget.Integer or WhereCastTarget.Real => operand.Type is WhereType.Integer or WhereType.Real or WhereType.String,
            WhereCastTarget.String => operand.Type != WhereType.Interval,
            WhereCastTarget.DateOnly or WhereCastTarget.Timestamp =>
                operand.Type is WhereType.String || operand.Type.IsInstantLike(),
            _ => operand.Type is WhereType.Date or WhereType.TimeOnly or WhereType.TimestampOffset,
        };
        return allowed
            ? new WhereCast(operand, target, length)
            : throw WhereParser.Invalid($"Cannot CAST {WhereTyping.Describe(operand)} AS {typeToken.Text.ToUpperInvariant()}", typeToken.Position);
    }

    private (WhereCastTarget Target, int? Length) ParseCastType(WhereToken type)
    {
        switch (type.Text.ToUpperInvariant())
        {
            case "INT" or "INTEGER" or "SMALLINT" or "BIGINT":
                return (WhereCastTarget.Integer, null);
            case "FLOAT" or "REAL":
                return (WhereCastTarget.Real, null);
            case "DOUBLE":
                TakeKeyword("PRECISION");
                return (WhereCastTarget.Real, null);
            case "DATE":
                return (WhereCastTarget.DateOnly, null);
            case "TIME":
                return (WhereCastTarget.TimeOnly, null);
            case "TIMESTAMP":
                return (WhereCastTarget.Timestamp, null);
            case "VARCHAR" or "CHAR" or "NVARCHAR":
                if (Peek.Kind != WhereTokenKind.LeftParen)
                {
                    return (WhereCastTarget.String, null);
                }

                Take();
                var size = Expect(WhereTokenKind.Number, "a length");
                Expect(WhereTokenKind.RightParen, "')'");
                return int.TryParse(size.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length is > 0 and <= MaxVarcharLength
                    ? (WhereCastTarget.String, length)
                    : throw WhereParser.Invalid($"VARCHAR length must be a whole number from 1 to {MaxVarcharLength}", size.Position);
            default:
                throw WhereParser.Invalid(
                    $"Cannot CAST to '{type.Text}' (use INT, SMALLINT, FLOAT, REAL, VARCHAR(n), DATE, TIME or TIMESTAMP)", type.Position);
        }
    }

    private static WhereValue CastLiteral(WhereString literal, WhereCastTarget target, int? length, WhereToken type)
    {
        WhereValue? converted = target switch
        {
            WhereCastTarget.Integer or WhereCastTarget.Real => WhereLiterals.ParseNumber(literal.Value) is { } number
                ? new WhereCast(number, target, null)
                : null,
            WhereCastTarget.String => new WhereCast(literal, target, length),
            WhereCastTarget.DateOnly => WhereTyping.ReadInstant(literal.Value) switch
            {
                WhereDate date => date,
                WhereTimestamp timestamp => new WhereDate(DateOnly.FromDateTime(timestamp.Value.UtcDateTime)),
                _ => null,
            },
            WhereCastTarget.TimeOnly => WhereLiterals.ParseTime(literal.Value) is { } time ? new WhereTime(time)
                : WhereLiterals.ParseTimestamp(literal.Value) is { } stamp ? new WhereTime(WholeSeconds(stamp))
                : null,
            _ => WhereTyping.ReadInstant(literal.Value) switch
            {
                WhereDate date => new WhereTimestamp(new DateTimeOffset(date.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
                var timestamp => timestamp,
            },
        };
        return converted
            ?? throw WhereParser.Invalid($"Cannot CAST the string '{literal.Value}' AS {type.Text.ToUpperInvariant()}", type.Position);
    }

    private static TimeOnly WholeSeconds(DateTimeOffset stamp)
    {
        var time = TimeOnly.FromDateTime(stamp.UtcDateTime);
        return new TimeOnly(time.Hour, time.Minute, time.Second);
    }

    private WhereExtract ParseExtract(WhereToken name)
    {
        var partToken = Expect(WhereTokenKind.Word, "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND");
        var part = partToken.Text.ToUpperInvariant() switch
        {
            "YEAR" => WhereDatePart.Year,
            "MONTH" => WhereDatePart.Month,
            "DAY" => WhereDatePart.Day,
            "HOUR" => WhereDatePart.Hour,
            "MINUTE" => WhereDatePart.Minute,
            "SECOND" => WhereDatePart.Second,
            _ => throw WhereParser.Invalid($"Unknown date part '{partToken.Text}'", partToken.Position),
        };
        ExpectKeyword("FROM");
        var source = ParseValue();
        if (source is WhereString literal)
        {
            source = WhereTyping.ReadInstant(literal.Value) ?? (WhereLiterals.ParseTime(literal.Value) is { } time ? new WhereTime(time) : source);
        }

        var dateParts = part is WhereDatePart.Year or WhereDatePart.Month or WhereDatePart.Day;
        var fits = source.Type switch
        {
            WhereType.Date or WhereType.TimestampOffset => true,
            WhereType.DateOnly => dateParts,
            WhereType.TimeOnly => !dateParts,
            _ => false,
        };
        return fits
            ? new WhereExtract(part, source)
            : throw WhereParser.Invalid($"Cannot EXTRACT {part.ToString().ToUpperInvariant()} from {WhereTyping.Describe(source)}", name.Position);
    }
}
