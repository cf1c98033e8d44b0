using Geohooks.Core.Features.Where;
using Geohooks.Storage.Sql.Features.Where;

namespace Geohooks.Storage.Postgres;

/// <summary>
/// Where clauses on PostgreSQL. Parameters are cast to their type, since the server resolves functions and
/// operators by it; math that PostgreSQL would raise an error for (logarithms of zero, division by zero) is made
/// NULL, as on SQLite; text orders by code point whatever the database collation.
/// </summary>
public sealed class PostgresWhereDialect : IWhereDialect
{
    public static PostgresWhereDialect Instance { get; } = new();

    private PostgresWhereDialect()
    {
    }

    public string TextOrdering => "COLLATE \"C\"";

    // PostgreSQL's LIKE escapes with a backslash unless told otherwise; SQLite has no default escape.
    public string LikeWithoutEscape => " ESCAPE ''";

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string Parameter(string reference, WhereSqlType type) => $"CAST({reference} AS {TypeName(type)})";

    public string TypeName(WhereSqlType type) => type switch
    {
        WhereSqlType.Int64 => "bigint",
        WhereSqlType.Int32 => "integer",
        WhereSqlType.Float64 => "double precision",
        WhereSqlType.Float32 => "real",
        _ => "text",
    };

    public string MatchCaseSensitive(string value, LikePattern pattern, WhereBind bind) =>
        $"({value} LIKE {bind(pattern.ToLike('\\'), WhereSqlType.Text)} ESCAPE '\\')";

    public string MatchCaseSensitive(string value, string pattern) => $"({value} LIKE {pattern}{LikeWithoutEscape})";

    public string CharLength(string text) => $"char_length({text})";

    public string Position(string needle, string haystack) => $"strpos({haystack}, {needle})";

    public string TrimFunction(WhereTrimMode mode) => mode switch
    {
        WhereTrimMode.Leading => "ltrim",
        WhereTrimMode.Trailing => "rtrim",
        _ => "btrim",
    };

    // GREATEST(x, 0) turns negatives into 0 and NULLIF turns 0 into NULL, without evaluating x twice.
    public string Ln(string number) => $"ln({Positive(number)})";

    public string Log10(string number) => $"log({Positive(number)})";

    public string Power(string number, string exponent) =>
        $"power(CAST({number} AS double precision), CAST({exponent} AS double precision))";

    // Decimal rounding (round(double) would round half to even) of the value as a double, as SQLite sees it (a
    // single-precision 0.1 is 0.100000001490116 there, not 0.1), then back to a double like every other real value.
    public string Round(string number, int digits, WhereBind bind) =>
        Double($"round({Decimal(number)}, {bind(digits, WhereSqlType.Int32)})");

    public string Truncate(string number, int digits, WhereBind bind) =>
        Double($"trunc({Decimal(number)}, {bind(digits, WhereSqlType.Int32)})");

    // A plain CAST to bigint rounds; ArcGIS (SQL Server) and SQLite truncate.
    public string RealToInteger(string number) => $"CAST(trunc({number}) AS bigint)";

    public string TextToInteger(string text) => $"CAST(trunc(CAST({text} AS numeric)) AS bigint)";

    // As timestamp without time zone the stored 'Z' is ignored, which is right: the text is already UTC.
    public string TextToEpochMs(string text) =>
        $"CAST(round(EXTRACT(EPOCH FROM CAST({text} AS timestamp)) * 1000) AS bigint)";

    public string EpochMsToText(string epochMs, WhereType format)
    {
        var pattern = format switch
        {
            WhereType.DateOnly => "YYYY-MM-DD",
            WhereType.TimeOnly => "HH24:MI:SS",
            _ => "YYYY-MM-DD HH24:MI:SS",
        };
        return $"to_char({Utc(epochMs)}, '{pattern}')";
    }

    public string Extract(WhereDatePart part, string source, WhereType sourceType)
    {
        var field = part.ToString().ToUpperInvariant();
        var time = sourceType switch
        {
            WhereType.Date => Utc(source),
            WhereType.DateOnly => $"CAST({source} AS date)",
            WhereType.TimeOnly => $"CAST({source} AS time)",
            _ => $"CAST({source} AS timestamp)",
        };
        // EXTRACT(SECOND …) has a fraction; the whole seconds are what SQLite's strftime('%S') gives.
        return $"CAST(floor(EXTRACT({field} FROM {time})) AS bigint)";
    }

    private static string Double(string number) => $"CAST({number} AS double precision)";

    private static string Decimal(string number) => $"CAST(CAST({number} AS double precision) AS numeric)";

    private static string Positive(string number) => $"NULLIF(GREATEST(CAST({number} AS double precision), 0), 0)";

    private static string Utc(string epochMs) =>
        $"(to_timestamp(CAST({epochMs} AS double precision) / 1000) AT TIME ZONE 'UTC')";
}
