using System.Text;

namespace Geohooks.Core.Tests.Features.Where;

/// <summary>
/// Generates hostile where clauses from a seeded <see cref="Random"/>: soups of tokens, mutations of valid clauses,
/// valid clauses carrying injection payloads as properly quoted literals, and a few extremes (deep nesting, inputs
/// at and over the length limit).
/// </summary>
internal sealed class WhereFuzz(int seed)
{
    /// <summary>Clauses the parser accepts, mutated by the generator.</summary>
    public static readonly string[] Valid =
    [
        "1=1", "9999=9999", "OBJECTID IN (1, 2, 3)", "pop > 10 AND name LIKE 'a%'", "NOT (pop BETWEEN 1 AND 5)",
        "name = 'it''s' OR name IS NULL", "name LIKE '50!%%' ESCAPE '!'", "created > CURRENT_TIMESTAMP - INTERVAL '1' DAY",
        "created = timestamp '2003-01-25 14:35:00 -08:00'", "birth = date '1990-01-25'", "closes < time '21:00:00'",
        "arrival > '2020-01-01'", "EXTRACT(YEAR FROM created) = 2020", "UPPER(name) = 'ABC'", "CHAR_LENGTH(name) > 3",
        "POSITION(current_user IN name) > 0", "SUBSTRING(name FROM 2 FOR 3) = 'abc'", "TRIM(LEADING 'x' FROM name) = 'a'",
        "COALESCE(pop, 0) + ROUND(area, 2) > 1.5", "CAST(area AS INT) = 1", "CAST(created AS VARCHAR(10)) = '2020-01-01'",
        "MOD(pop, 3) = 1 OR POWER(pop, 2) > 100", "shape IS NOT NULL", "globalid = '{8a1b2c3d-0000-4000-8000-00000000abcd}'",
        "name || '-' || pop = 'a-1'", "CONCAT(name, 'x') <> 'ax'", "NULLIF(pop, 0) IS NULL", "LOG10(area) >= 2",
        "name LIKE '%' || current_user || '%'", "(pop > 1 OR pop < -1) AND NOT name IN ('a', 'b')",
        "\"Name\" = 'x'", "Date = CURRENT_DATE", "closes BETWEEN '08:00:00' AND '17:00:00'",
    ];

    /// <summary>Text that must only ever travel as a parameter value.</summary>
    public static readonly string[] Payloads =
    [
        "' OR ''='", "1=1; DROP TABLE x", "'; DROP TABLE features; --", "/* */", "*/ OR 1=1 /*", "\" OR \"\"=\"",
        "\\", "\\'", "%_[]*?", "\0", "Zürich ä€𝄞", "\u202eevil", "' UNION SELECT password FROM users --",
        "Robert'); DROP TABLE Students;--", "@w0", "$1", "?", ":name", "\r\n\t", "\u001a", "lower(", "CAST(",
        "\"__shape\" IS NULL OR \"", "0x41", "'' ''", "%", "_", "{8A1B2C3D-0000-4000-8000-00000000ABCD}", "2020-01-01", "12:00:00",
    ];

    private static readonly string[] Words =
    [
        "pop", "POP", "name", "area", "created", "birth", "closes", "arrival", "globalid", "photo", "shape", "Date",
        "\"From\"", "\"pop\"", "\"nope\"", "foo", "AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL", "ESCAPE",
        "CAST", "AS", "INT", "VARCHAR", "EXTRACT", "YEAR", "FROM", "FOR", "TRIM", "BOTH", "LEADING", "POSITION",
        "SUBSTRING", "DATE", "TIMESTAMP", "TIME", "INTERVAL", "DAY", "HOUR", "TO", "SECOND", "CURRENT_DATE",
        "CURRENT_TIMESTAMP", "CURRENT_TIME", "current_user", "SELECT", "UNION", "EXISTS", "ABS", "ROUND", "COALESCE",
        "NULLIF", "CONCAT", "LOWER", "MOD", "LOG", "=", "<>", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "||",
        "(", ")", "(", ")", ",", ";", "--", "/*", "*/", ".", "[", "]", "!", "'", "\"", "0", "-1", "1.5", "1e308",
        "1e999", "99999999999999999999", ".5", "1e", "0x1F", "'a'", "''", "'2020-01-01'", "'12:00:00'", "'1'",
        "\0", "\u00a0", "é", "𝄞", "\n", "\t",
    ];

    /// <summary>Clauses with number slots, filled from <see cref="Numbers"/>.</summary>
    private static readonly string[] NumberSlots =
    [
        "ROUND(area, #) = 1", "TRUNCATE(pop, #) > 0", "SUBSTRING(name FROM # FOR #) = 'a'", "SUBSTRING(name, #) = 'a'",
        "CAST(name AS VARCHAR(#)) = 'a'", "pop = #", "pop IN (#, #)", "pop BETWEEN # AND #", "created > #",
        "created > CURRENT_TIMESTAMP - INTERVAL '#' DAY", "created > created - INTERVAL '# #:#:#.#' DAY TO SECOND",
        "created = date '#-#-#'", "created = timestamp '#-#-# #:#:#.# +#:#'", "closes = time '#:#:#'", "MOD(pop, #) = #",
        "POWER(area, #) > #", "LOG(#) > 0", "pop / # = #", "- # = pop", "POSITION('a' IN name) = #",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "9", "12", "23", "24", "59", "60", "99", "999", "1000", "9999", "10000", "2147483647",
        "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e15",
        "1.5", "-0.5", "000000001", "1234567890", "1e-300", "4.9e-324",
    ];

    private readonly Random random = new(seed);

    public string Next()
    {
        var roll = random.Next(1000);
        return roll switch
        {
            < 250 => Soup(),
            < 300 => EdgeNumbers(),
            < 650 => Mutate(Pick(Valid)),
            < 900 => WithPayload(Pick(Valid)),
            < 997 => Repeated(),
            _ => Extreme(),
        };
    }

    private string EdgeNumbers()
    {
        var template = Pick(NumberSlots);
        var text = new StringBuilder();
        foreach (var c in template)
        {
            text.Append(c == '#' ? Pick(Numbers) : c.ToString());
        }

        return text.ToString();
    }

    private string Soup()
    {
        var text = new StringBuilder();
        var count = random.Next(1, 25);
        for (var i = 0; i < count; i++)
        {
            text.Append(Pick(Words));
            if (random.Next(4) != 0)
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }

    private string Mutate(string clause)
    {
        var text = new StringBuilder(clause);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && text.Length > 0; m++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 6), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Pick(Words));
                    break;
                case 2:
                    text.Insert(at, (char)random.Next(0, 0x3000));
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 10), text.Length - at);
                    text.Insert(random.Next(text.Length), text.ToString(at, length));
                    break;
                case 4:
                    text.Length = at;
                    break;
                default:
                    text.Insert(at, Quote(Pick(Payloads)));
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A valid clause whose first string literal is replaced by a payload, properly quoted.</summary>
    private string WithPayload(string clause)
    {
        var open = clause.IndexOf('\'', StringComparison.Ordinal);
        var payload = Quote(Pick(Payloads) + (random.Next(2) == 0 ? "" : Pick(Payloads)));
        if (open < 0)
        {
            return $"name = {payload} AND ({clause})";
        }

        var close = open + 1;
        while (close < clause.Length && !(clause[close] == '\'' && (close + 1 == clause.Length || clause[close + 1] != '\'')))
        {
            close += clause[close] == '\'' ? 2 : 1;
        }

        return string.Concat(clause.AsSpan(0, open), payload, clause.AsSpan(Math.Min(close + 1, clause.Length)));
    }

    private string Repeated()
    {
        var op = random.Next(2) == 0 ? " AND " : " OR ";
        var parts = Enumerable.Range(0, random.Next(2, 25)).Select(_ => WithPayload(Pick(Valid)));
        var clause = string.Join(op, parts.Select(p => $"({p})"));
        var wrap = random.Next(0, 70);
        return new string('(', wrap) + clause + new string(')', wrap);
    }

    private string Extreme() => random.Next(5) switch
    {
        0 => new string('(', 10_000) + "pop = 1" + new string(')', 10_000),
        1 => "pop = " + string.Concat(Enumerable.Repeat("- ", 5_000)) + "1",
        2 => "name = '" + new string('x', 70_000) + "'",
        3 => string.Join(" OR ", Enumerable.Range(0, 6_000).Select(i => $"pop = {i}")),
        _ => "pop IN (" + string.Join(",", Enumerable.Repeat("1", 11_000)) + ")",
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
