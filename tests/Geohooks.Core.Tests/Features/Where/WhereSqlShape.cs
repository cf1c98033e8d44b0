using System.Text.RegularExpressions;

namespace Geohooks.Core.Tests.Features.Where;

/// <summary>
/// Checks that translated SQL is made only of the translator's own vocabulary: quoted names of known columns,
/// parameter references, the dialects' constant string fragments, SQL words, numbers and operators. A request's
/// text could only reach the SQL through one of these, and none of them carries it.
/// </summary>
internal static partial class WhereSqlShape
{
    // The single-quoted constants the dialects and the translator write.
    private static readonly HashSet<string> ConstantStrings =
    [
        "''", @"'\'", "'['", "'[[]'", "'*'", "'[*]'", "'?'", "'[?]'", "'%'", "'_'", "'unixepoch'", "'UTC'",
        "'%Y'", "'%m'", "'%d'", "'%H'", "'%M'", "'%S'", "'%Y-%m-%d'", "'%H:%M:%S'", "'%Y-%m-%d %H:%M:%S'",
        "'YYYY-MM-DD'", "'HH24:MI:SS'", "'YYYY-MM-DD HH24:MI:SS'",
    ];

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "LIKE", "ESCAPE", "GLOB", "COLLATE", "BINARY", "CAST", "AS",
        "bigint", "integer", "double", "precision", "real", "text", "numeric", "timestamp", "date", "time",
        "INTEGER", "REAL", "TEXT", "lower", "upper", "replace", "NULLIF", "COALESCE", "GREATEST", "abs", "ceiling",
        "floor", "ln", "log", "log10", "pow", "power", "round", "trunc", "mod", "cos", "sin", "tan", "length",
        "char_length", "instr", "strpos", "substr", "trim", "btrim", "ltrim", "rtrim", "julianday", "strftime",
        "EXTRACT", "EPOCH", "FROM", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "to_timestamp", "to_char",
        "AT", "TIME", "ZONE", "SELECT", "mod_args", "x", "y",
    };

    public static void Check(string sql, IReadOnlySet<string> columns, IReadOnlyDictionary<string, object?> parameters, string prefix)
    {
        Assert.DoesNotContain(";", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("--", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("/*", sql, StringComparison.Ordinal);

        var rest = Quoted().Replace(sql, match =>
        {
            var text = match.Value;
            if (text[0] == '"' ? !columns.Contains(text[1..^1]) : !ConstantStrings.Contains(text))
            {
                Assert.Fail($"Unexpected {text} in: {sql}");
            }

            return " ";
        });
        rest = Parameter().Replace(rest, match =>
        {
            var name = match.Groups["name"].Value;
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !parameters.ContainsKey(name))
            {
                Assert.Fail($"Unbound or foreign {match.Value} in: {sql}");
            }
            return " ";
        });

        foreach (Match word in Word().Matches(rest))
        {
            if (!Words.Contains(word.Value))
            {
                Assert.Fail($"Unexpected word '{word.Value}' in: {sql}");
            }
        }

        var leftover = Word().Replace(Number().Replace(rest, " "), " ");
        Assert.Matches(Operators(), leftover);
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("@(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b[0-9]+(\.[0-9]+)?\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[\s(),.+\-*/%|=<>]*\z")]
    private static partial Regex Operators();
}
