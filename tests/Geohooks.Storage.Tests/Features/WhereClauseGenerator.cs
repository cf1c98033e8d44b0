using System.Globalization;

namespace Geohooks.Storage.Tests.Features;

/// <summary>
/// Random, well-typed where clauses over <see cref="WhereTable"/> for differential testing. It keeps away from what
/// the backends are documented to do differently: text forms of doubles, single-precision arithmetic, and math that
/// overflows (PostgreSQL raises, SQLite goes to infinity).
/// </summary>
internal sealed class WhereClauseGenerator(int seed)
{
    private static readonly string[] Integers = ["ObjectID", "Small", "Count", "Big"];
    private static readonly string[] Texts = ["Name", "Code", "Notes", "GlobalID"];
    private static readonly string[] TextLiterals = ["'alpha'", "'Alpha'", "'É'", "'é'", "'a'", "'50'", "'x'", "''", "'O''Brien'", "'  padded  '", "'[x'"];
    private static readonly string[] Patterns = ["%", "_", "a", "A", "é", "É", "5", "\\", "[", "*", "?", "'", "x", "l", "L"];
    private static readonly string[] Instants =
    [
        "Created", "Day", "Arrival", "CURRENT_TIMESTAMP", "CURRENT_DATE", "timestamp '2020-06-15 12:30:45.5'",
        "date '2024-03-09'", "timestamp '2024-03-10 04:00:00 -08:00'", "'2022-03-01'",
    ];

    private static readonly string[] Times = ["Opens", "CURRENT_TIME", "time '12:00:00'", "'09:30:00'", "CAST(Created AS TIME)", "CAST(Arrival AS TIME)"];

    private static readonly string[] Comparisons = ["=", "<>", "<", "<=", ">", ">="];

    private readonly Random random = new(seed);

    public string Clause(int depth = 3) => random.Next(depth <= 0 ? 9 : 12) switch
    {
        7 => $"{Text(depth)} {Not()}LIKE {Text(depth)}",
        8 => $"{Pick(Times)} {Pick(Comparisons)} {Pick(Times)}",
        9 => $"NOT ({Clause(depth - 1)})",
        10 => $"({Clause(depth - 1)}) AND ({Clause(depth - 1)})",
        0 => $"{Number(depth)} {Pick(Comparisons)} {Number(depth)}",
        1 => $"{Text(depth)} {Pick(Comparisons)} {Text(depth)}",
        2 => $"{Text(depth)} {Not()}LIKE {Pattern()}",
        3 => $"{Number(depth)} {Not()}IN ({string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Number(0)))})",
        4 => $"{Number(depth)} {Not()}BETWEEN {Number(0)} AND {Number(0)}",
        5 => $"{Pick([Number(depth), Text(depth), Instant(depth)])} IS {Not()}NULL",
        6 => $"{Instant(depth)} {Pick(Comparisons)} {Instant(depth)}",
        _ => $"({Clause(depth - 1)}) OR ({Clause(depth - 1)})",
    };

    private string Number(int depth)
    {
        if (depth <= 0 || random.Next(3) == 0)
        {
            return random.Next(4) switch
            {
                0 => Pick(Integers),
                1 => Pick(["Amount", "Ratio"]),
                2 => random.Next(-3, 41).ToString(CultureInfo.InvariantCulture),
                _ => Pick(["0.5", "1.5", "2.25", "-1.5", "0.125", "100.0"]),
            };
        }

        var d = depth - 1;
        return random.Next(16) switch
        {
            0 => $"({Number(d)} {Pick(["+", "-"])} {Number(d)})",
            1 => $"({Pick(Integers)} * {random.Next(-3, 4)})",
            2 => $"({Number(d)} / {Number(d)})",
            3 => $"-({Number(d)})",
            4 => $"ABS({Number(d)})",
            5 => $"{Pick(["CEILING", "FLOOR"])}({Number(d)})",
            6 => $"MOD({Number(d)}, {Number(d)})",
            7 => $"ROUND({Number(d)}, {random.Next(-2, 3)})",
            8 => $"TRUNCATE({Number(d)}, {random.Next(-2, 3)})",
            9 => $"CHAR_LENGTH({Text(d)})",
            10 => $"POSITION({Text(d)} IN {Text(d)})",
            11 => $"EXTRACT({Pick(["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"])} FROM {Pick(["Created", "Arrival", "CURRENT_TIMESTAMP"])})",
            12 => $"COALESCE({Number(d)}, {Number(d)})",
            13 => $"NULLIF({Number(d)}, {Number(d)})",
            14 => $"CAST({Number(d)} AS INT)",
            _ => $"CAST({Pick(Integers)} AS FLOAT)",
        };
    }

    private string Text(int depth)
    {
        if (depth <= 0 || random.Next(3) == 0)
        {
            return random.Next(2) == 0 ? Pick(Texts) : Pick(TextLiterals);
        }

        var d = depth - 1;
        return random.Next(9) switch
        {
            0 => $"({Text(d)} || {Pick([Text(d), Pick(Integers)])})",
            1 => $"{Pick(["LOWER", "UPPER"])}({Text(d)})",
            2 => $"SUBSTRING({Text(d)} FROM {random.Next(-2, 4)} FOR {random.Next(0, 4)})",
            3 => $"TRIM({Pick(["", "LEADING ", "TRAILING ", "BOTH "])}{Pick(["", "' ' ", "'a' ", "'[' "])}FROM {Text(d)})",
            4 => $"COALESCE({Text(d)}, {Text(d)})",
            5 => $"CONCAT({Text(d)}, {Pick([Text(d), Pick(Integers)])})",
            6 => $"NULLIF({Text(d)}, {Text(d)})",
            7 => $"CAST({Pick(Integers)} AS VARCHAR({random.Next(1, 4)}))",
            _ => random.Next(2) == 0
                ? $"CAST({Pick(["Created", "Day", "Arrival"])} AS {Pick(["DATE", "VARCHAR(10)"])})"
                : $"CAST({Pick(["Created", "Arrival"])} AS TIME)",
        };
    }

    private string Instant(int depth) => depth > 0 && random.Next(3) == 0
        ? $"({Pick(Instants)} {Pick(["+", "-"])} INTERVAL '{random.Next(0, 4)} {random.Next(0, 24)}:{random.Next(0, 60):00}' DAY TO MINUTE)"
        : Pick(Instants);

    private string Pattern()
    {
        var parts = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pick(Patterns));
        var pattern = "'" + string.Concat(parts).Replace("'", "''", StringComparison.Ordinal) + "'";
        return random.Next(4) == 0 ? pattern + " ESCAPE '\\'" : pattern;
    }

    private string Not() => random.Next(3) == 0 ? "NOT " : "";

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
