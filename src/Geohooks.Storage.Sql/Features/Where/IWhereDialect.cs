using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>The SQL type a bound parameter is read as.</summary>
public enum WhereSqlType
{
    Int64,
    Int32,
    Float64,

    /// <summary>A literal compared with an esriFieldTypeSingle column: matched at single precision.</summary>
    Float32,
    Text,
}

/// <summary>Binds a value as a new parameter and returns the SQL that reads it (typed where the backend needs it).</summary>
public delegate string WhereBind(object value, WhereSqlType type);

/// <summary>
/// What differs between backends when a where clause becomes SQL. Every method receives SQL fragments the
/// translator built (quoted names, parameter references, constant keywords) and returns a larger fragment; none
/// ever sees user text. Values follow the physical storage of feature tables: integers, doubles, dates as
/// epoch milliseconds, date-only / time-only / timestamp-offset values as ISO text (offsets normalized to UTC).
/// </summary>
public interface IWhereDialect
{
    string QuoteIdentifier(string name);

    /// <summary>The reference <c>@name</c> of a bound parameter as an expression of <paramref name="type"/>.</summary>
    string Parameter(string reference, WhereSqlType type);

    string TypeName(WhereSqlType type);

    /// <summary>Put after a text operand of &lt;, &lt;=, &gt;, &gt;= and BETWEEN so text orders by code point.</summary>
    string TextOrdering { get; }

    /// <summary>Put after a LIKE whose pattern is not constant, so a backslash in it is an ordinary character.</summary>
    string LikeWithoutEscape { get; }

    /// <summary>A case-sensitive match of <paramref name="value"/> against a constant pattern.</summary>
    string MatchCaseSensitive(string value, LikePattern pattern, WhereBind bind);

    /// <summary>A case-sensitive match against a computed pattern (no escape character: the parser demands a constant for ESCAPE).</summary>
    string MatchCaseSensitive(string value, string pattern);

    string CharLength(string text);

    /// <summary>The 1-based position of <paramref name="needle"/> in <paramref name="haystack"/>, 0 when absent.</summary>
    string Position(string needle, string haystack);

    /// <summary>The function that trims like <paramref name="mode"/>, called as f(source [, characters]).</summary>
    string TrimFunction(WhereTrimMode mode);

    /// <summary>Natural logarithm; NULL, not an error, for zero and negative numbers.</summary>
    string Ln(string number);

    /// <summary>Base-10 logarithm; NULL, not an error, for zero and negative numbers.</summary>
    string Log10(string number);

    string Power(string number, string exponent);

    /// <summary>ROUND(number, digits): digits may be negative (tens, hundreds …).</summary>
    string Round(string number, int digits, WhereBind bind);

    /// <summary>TRUNCATE(number, digits), towards zero; digits may be negative.</summary>
    string Truncate(string number, int digits, WhereBind bind);

    /// <summary>CAST of a number to an integer, truncating towards zero.</summary>
    string RealToInteger(string number);

    /// <summary>CAST of numeric text to an integer, truncating towards zero.</summary>
    string TextToInteger(string text);

    /// <summary>Epoch milliseconds (UTC) of ISO text: a date-only value, an offset value stored in UTC, or a timestamp string.</summary>
    string TextToEpochMs(string text);

    /// <summary>
    /// ISO text of epoch milliseconds (UTC): <see cref="WhereType.DateOnly"/> yyyy-MM-dd, <see cref="WhereType.TimeOnly"/>
    /// HH:mm:ss, <see cref="WhereType.String"/> yyyy-MM-dd HH:mm:ss.
    /// </summary>
    string EpochMsToText(string epochMs, WhereType format);

    /// <summary>
    /// EXTRACT as a whole number from epoch milliseconds (<see cref="WhereType.Date"/>) or ISO text
    /// (<see cref="WhereType.DateOnly"/>, <see cref="WhereType.TimeOnly"/>, <see cref="WhereType.TimestampOffset"/>).
    /// </summary>
    string Extract(WhereDatePart part, string source, WhereType sourceType);
}
