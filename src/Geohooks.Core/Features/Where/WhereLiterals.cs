using System.Globalization;
using System.Text.RegularExpressions;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// Reads the text of DATE, TIMESTAMP, TIME and numeric literals (spec §5.2). Lenient where it costs nothing
/// (one-digit months and days, a 'T' separator, 'Z' as an offset, up to nine fraction digits), strict about
/// ranges. Fractions finer than the millisecond storage are truncated.
/// </summary>
internal static partial class WhereLiterals
{
    private const int MaxOffsetMinutes = 14 * 60;

    public static DateOnly? ParseDate(string text)
    {
        var match = DatePattern().Match(text.Trim());
        return match.Success ? MakeDate(match) : null;
    }

    /// <summary>A date, or a date and time with an optional offset; without an offset the instant is UTC.</summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        var match = TimestampPattern().Match(text.Trim());
        if (!match.Success || MakeDate(match) is not { } date)
        {
            return null;
        }

        var time = TimeOnly.MinValue;
        if (match.Groups["hour"].Success)
        {
            var second = match.Groups["second"].Success ? Int(match, "second") : 0;
            if (MakeTime(Int(match, "hour"), Int(match, "minute"), second, match.Groups["fraction"].Value) is not { } parsed)
            {
                return null;
            }

            time = parsed;
        }

        if (Offset(match.Groups["offset"].Value) is not { } offset)
        {
            return null;
        }

        // The UTC instant must exist too: 0001-01-01 00:00 +01:00 is before the first representable one.
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(local, offset);
    }

    /// <summary>HH:mm:ss in whole seconds: the storage of esriFieldTypeTimeOnly keeps no fraction.</summary>
    public static TimeOnly? ParseTime(string text)
    {
        var match = TimePattern().Match(text.Trim());
        return match.Success ? MakeTime(Int(match, "hour"), Int(match, "minute"), Int(match, "second"), "") : null;
    }

    /// <summary>An integer when it fits 64 bits and has no fraction or exponent, else a double.</summary>
    public static WhereValue? ParseNumber(string text)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new WhereInteger(integer);
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
            ? new WhereReal(real)
            : null;
    }

    private static DateOnly? MakeDate(Match match)
    {
        var (year, month, day) = (Int(match, "year"), Int(match, "month"), Int(match, "day"));
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    private static TimeOnly? MakeTime(int hour, int minute, int second, string fraction)
    {
        if (hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var milliseconds = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);
        return new TimeOnly(hour, minute, second, milliseconds);
    }

    private static TimeSpan? Offset(string text)
    {
        if (text.Length == 0 || text == "Z" || text == "z")
        {
            return TimeSpan.Zero;
        }

        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
        var total = (hours * 60) + minutes;
        if (minutes > 59 || total > MaxOffsetMinutes)
        {
            return null;
        }

        return TimeSpan.FromMinutes(text[0] == '-' ? -total : total);
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{1,2})-(?<day>[0-9]{1,2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(
        @"^(?<year>[0-9]{4})-(?<month>[0-9]{1,2})-(?<day>[0-9]{1,2})" +
        @"(?:[ T](?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?)?)?" +
        @"(?:\s?(?<offset>[Zz]|[+-][0-9]{2}:?[0-9]{2}))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
