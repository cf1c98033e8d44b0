using Geohooks.Core.Features.Where;
using Geohooks.Storage.Sql.Features.Where;
using Microsoft.Data.Sqlite;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// Where clauses on SQLite (3.35 or later, built with its math functions, as the bundled e_sqlite3 is).
/// Case-insensitive text comparison lower()s both sides, so connections must carry the Unicode lower() and upper()
/// of <see cref="RegisterFunctions"/>: SQLite's own fold ASCII only. Case-sensitive LIKE is GLOB, because SQLite's
/// LIKE ignores ASCII case whatever the pattern.
/// </summary>
public sealed class SqliteWhereDialect : IWhereDialect
{
    public static SqliteWhereDialect Instance { get; } = new();

    private SqliteWhereDialect()
    {
    }

    public string TextOrdering => "COLLATE BINARY";

    public string LikeWithoutEscape => "";

    /// <summary>Unicode lower() and upper(), so both backends fold the same letters (PostgreSQL folds beyond ASCII).</summary>
    public static void RegisterFunctions(SqliteConnection connection)
    {
        connection.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        connection.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
    }

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // SQLite compares by storage class, and the translator binds values of the right CLR type; no casts needed.
    public string Parameter(string reference, WhereSqlType type) => reference;

    public string TypeName(WhereSqlType type) => type switch
    {
        WhereSqlType.Int64 or WhereSqlType.Int32 => "INTEGER",
        WhereSqlType.Float64 or WhereSqlType.Float32 => "REAL",
        _ => "TEXT",
    };

    public string MatchCaseSensitive(string value, LikePattern pattern, WhereBind bind) =>
        $"({value} GLOB {bind(Glob(pattern), WhereSqlType.Text)})";

    // The computed pattern has no escape character, so its wildcards map one for one; GLOB's own are bracketed first.
    public string MatchCaseSensitive(string value, string pattern) =>
        $"({value} GLOB replace(replace(replace(replace(replace({pattern}, '[', '[[]'), '*', '[*]'), '?', '[?]'), '%', '*'), '_', '?'))";

    public string CharLength(string text) => $"length({text})";

    public string Position(string needle, string haystack) => $"instr({haystack}, {needle})";

    public string TrimFunction(WhereTrimMode mode) => mode switch
    {
        WhereTrimMode.Leading => "ltrim",
        WhereTrimMode.Trailing => "rtrim",
        _ => "trim",
    };

    // SQLite's ln() and log10() already return NULL outside their domain.
    public string Ln(string number) => $"ln({number})";

    public string Log10(string number) => $"log10({number})";

    public string Power(string number, string exponent) => $"pow({number}, {exponent})";

    // round() takes a negative digit count as 0, so tens and hundreds are scaled by hand.
    public string Round(string number, int digits, WhereBind bind)
    {
        if (digits >= 0)
        {
            return $"round({number}, {bind(digits, WhereSqlType.Int32)})";
        }

        var scale = bind(Math.Pow(10, -digits), WhereSqlType.Float64);
        return $"(round({number} / {scale}) * {scale})";
    }

    // trunc() has no digits; scaling in binary floating point leaves 28.999999999999996 for 0.29 * 100, so the
    // scaled value is first rounded to 9 decimals (finer than any digit count that can be asked for).
    public string Truncate(string number, int digits, WhereBind bind)
    {
        var scale = bind(Math.Pow(10, Math.Abs(digits)), WhereSqlType.Float64);
        return digits >= 0
            ? $"(trunc(round({number} * {scale}, 9)) / {scale})"
            : $"(trunc(round({number} / {scale}, 9)) * {scale})";
    }

    public string RealToInteger(string number) => $"CAST({number} AS INTEGER)";

    public string TextToInteger(string text) => $"CAST({text} AS INTEGER)";

    // 2440587.5 is the Julian day of 1970-01-01T00:00Z; julianday() reads yyyy-MM-dd, …THH:mm:ss.fffZ and the like.
    public string TextToEpochMs(string text) =>
        $"CAST(round((julianday({text}) - 2440587.5) * 86400000.0) AS INTEGER)";

    public string EpochMsToText(string epochMs, WhereType format) =>
        $"strftime('{Format(format)}', {epochMs} / 1000.0, 'unixepoch')";

    public string Extract(WhereDatePart part, string source, WhereType sourceType)
    {
        var field = part switch
        {
            WhereDatePart.Year => "%Y",
            WhereDatePart.Month => "%m",
            WhereDatePart.Day => "%d",
            WhereDatePart.Hour => "%H",
            WhereDatePart.Minute => "%M",
            _ => "%S",
        };
        var time = sourceType == WhereType.Date ? $"{source} / 1000.0, 'unixepoch'" : source;
        return $"CAST(strftime('{field}', {time}) AS INTEGER)";
    }

    private static string Format(WhereType format) => format switch
    {
        WhereType.DateOnly => "%Y-%m-%d",
        WhereType.TimeOnly => "%H:%M:%S",
        _ => "%Y-%m-%d %H:%M:%S",
    };

    /// <summary>The GLOB form of a LIKE pattern: '*' and '?' wildcards, GLOB's own special characters bracketed.</summary>
    private static string Glob(LikePattern pattern) =>
        pattern.Render("*", "?", c => c is '*' or '?' or '[' ? $"[{c}]" : c.ToString());
}
