using System.Globalization;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// Reads <c>INTERVAL 'text' unit [TO unit]</c> (spec §5.2): <c>'1' DAY</c>, <c>'1 04' DAY TO HOUR</c>,
/// <c>'3 05:32:28' DAY TO SECOND</c>, <c>'05:32' HOUR TO MINUTE</c> … The leading field may be any size up to
/// nine digits; the fields after it are bounded (hours 0-23, minutes and seconds 0-59); only seconds take a
/// fraction; a leading sign applies to the whole interval.
/// </summary>
internal static class WhereIntervals
{
    public enum Unit
    {
        Day,
        Hour,
        Minute,
        Second,
    }

    private static readonly long[] UnitMilliseconds = [86_400_000, 3_600_000, 60_000, 1_000];
    private static readonly int[] UnitLimits = [int.MaxValue, 23, 59, 59];

    public static Unit? ParseUnit(string word) => word.ToUpperInvariant() switch
    {
        "DAY" => Unit.Day,
        "HOUR" => Unit.Hour,
        "MINUTE" => Unit.Minute,
        "SECOND" => Unit.Second,
        _ => null,
    };

    /// <summary>The interval in milliseconds, or null when the text does not fit the units.</summary>
    public static long? Parse(string text, Unit leading, Unit trailing)
    {
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        var i = 0;
        long total = 0;
        for (var unit = leading; unit <= trailing; unit++)
        {
            if (unit != leading && !Expect(s, ref i, unit == Unit.Hour ? ' ' : ':'))
            {
                return null;
            }

            var maxDigits = unit == leading ? 9 : 2;
            if (ReadField(s, ref i, maxDigits, unit == trailing && unit == Unit.Second) is not { } field
                || (unit != leading && field.Whole > UnitLimits[(int)unit]))
            {
                return null;
            }

            total += (field.Whole * UnitMilliseconds[(int)unit]) + field.Milliseconds;
        }

        return i == s.Length ? (negative ? -total : total) : null;
    }

    private static bool Expect(string s, ref int i, char separator)
    {
        if (i < s.Length && s[i] == separator)
        {
            i++;
            return true;
        }

        return false;
    }

    private static (long Whole, long Milliseconds)? ReadField(string s, ref int i, int maxDigits, bool fraction)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start || i - start > maxDigits)
        {
            return null;
        }

        var whole = long.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        if (!fraction || i == s.Length || s[i] != '.')
        {
            return (whole, 0);
        }

        var fractionStart = ++i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == fractionStart || i - fractionStart > 9)
        {
            return null;
        }

        var digits = s[fractionStart..i].PadRight(3, '0')[..3];
        return (whole, long.Parse(digits, CultureInfo.InvariantCulture));
    }
}
