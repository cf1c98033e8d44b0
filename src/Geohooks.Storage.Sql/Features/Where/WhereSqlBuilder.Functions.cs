using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>Function calls and CASTs (spec §5.3), each as the SQL both backends agree on or as the dialect says.</summary>
internal sealed partial class WhereSqlBuilder
{
    private string Call(WhereCall call)
    {
        var args = call.Arguments;
        return call.Function switch
        {
            WhereFunction.Abs => $"abs({Value(args[0])})",
            WhereFunction.Ceiling => args[0].Type == WhereType.Integer ? Value(args[0]) : $"ceiling({Value(args[0])})",
            WhereFunction.Floor => args[0].Type == WhereType.Integer ? Value(args[0]) : $"floor({Value(args[0])})",
            WhereFunction.Log => dialect.Ln(Value(args[0])),
            WhereFunction.Log10 => dialect.Log10(Value(args[0])),
            WhereFunction.Power => dialect.Power(Value(args[0]), Value(args[1])),
            WhereFunction.Round => dialect.Round(Value(args[0]), Digits(args[1]), Bind),
            WhereFunction.Truncate => dialect.Truncate(Value(args[0]), Digits(args[1]), Bind),
            WhereFunction.Mod => Modulo(args[0], args[1]),
            WhereFunction.Cos => $"cos({Value(args[0])})",
            WhereFunction.Sin => $"sin({Value(args[0])})",
            WhereFunction.Tan => $"tan({Value(args[0])})",
            WhereFunction.CharLength => dialect.CharLength(Value(args[0])),
            // CONCAT skips NULLs, as SQL Server's and PostgreSQL's do.
            WhereFunction.Concat => $"({string.Join(" || ", args.Select(arg => $"COALESCE({Text(arg)}, '')"))})",
            WhereFunction.Lower => $"lower({Value(args[0])})",
            WhereFunction.Upper => $"upper({Value(args[0])})",
            WhereFunction.Position => CaseInsensitive
                ? dialect.Position($"lower({Value(args[0])})", $"lower({Value(args[1])})")
                : dialect.Position(Value(args[0]), Value(args[1])),
            WhereFunction.Substring => Substring(args),
            WhereFunction.Coalesce => $"COALESCE({string.Join(", ", Unified(args))})",
            WhereFunction.NullIf => $"NULLIF({string.Join(", ", Unified(args))})",
            _ => throw new InvalidOperationException($"Unknown function {call.Function}."),
        };
    }

    private static int Digits(WhereValue digits) => (int)((WhereInteger)digits).Value;

    /// <summary>
    /// MOD: '%' for whole numbers (both backends truncate towards zero). For doubles x - y * trunc(x / y), in the
    /// same IEEE operations on both backends (PostgreSQL's mod() works in decimal and SQLite's in fmod, which
    /// disagree in the last digits); a derived table names each argument once, so nesting does not repeat SQL.
    /// </summary>
    private string Modulo(WhereValue dividend, WhereValue divisor)
    {
        var divisorOrNull = $"NULLIF({Value(divisor)}, 0)";
        if (dividend.Type == WhereType.Integer && divisor.Type == WhereType.Integer)
        {
            return $"({Value(dividend)} % {divisorOrNull})";
        }

        var real = dialect.TypeName(WhereSqlType.Float64);
        return $"(SELECT mod_args.x - mod_args.y * trunc(mod_args.x / mod_args.y) FROM " +
            $"(SELECT CAST({Value(dividend)} AS {real}) AS x, CAST({divisorOrNull} AS {real}) AS y) AS mod_args)";
    }

    /// <summary>
    /// SUBSTRING with SQL-standard positions (start may be 0 or negative: the characters before position 1 count
    /// towards the length but do not exist). Normalized here to a start of at least 1, where SQLite's substr and
    /// PostgreSQL's agree.
    /// </summary>
    private string Substring(IReadOnlyList<WhereValue> args)
    {
        var start = ((WhereInteger)args[1]).Value;
        var from = Math.Max(start, 1);
        var source = Value(args[0]);
        if (args.Count == 2)
        {
            return $"substr({source}, {Bind(from, WhereSqlType.Int32)})";
        }

        var length = Math.Clamp(start + ((WhereInteger)args[2]).Value - from, 0, int.MaxValue);
        return $"substr({source}, {Bind(from, WhereSqlType.Int32)}, {Bind(length, WhereSqlType.Int32)})";
    }

    /// <summary>
    /// The arguments of COALESCE and NULLIF in their common representation. Integers meeting doubles are made doubles:
    /// PostgreSQL would, but SQLite keeps whichever value it picks as it is, and a later '/' would then divide whole
    /// numbers on one backend only.
    /// </summary>
    private List<string> Unified(IReadOnlyList<WhereValue> args)
    {
        var representation = Representation.Choose([.. args]);
        var single = Representation.MeetsSingle([.. args]);
        return args.Select(arg => representation == WhereType.Real && arg.Type == WhereType.Integer && !Representation.IsConstant(arg)
                ? $"CAST({Value(arg)} AS {dialect.TypeName(WhereSqlType.Float64)})"
                : Render(arg, representation, single))
            .ToList();
    }

    private string Cast(WhereCast cast)
    {
        var operand = cast.Operand;
        var from = operand.Type;
        var sql = Value(operand);
        switch (cast.Target)
        {
            case WhereCastTarget.Integer:
                return from switch
                {
                    WhereType.Integer => sql,
                    WhereType.Real => dialect.RealToInteger(sql),
                    _ => dialect.TextToInteger(sql),
                };
            case WhereCastTarget.Real:
                return $"CAST({sql} AS {dialect.TypeName(WhereSqlType.Float64)})";
            case WhereCastTarget.String:
                var text = from switch
                {
                    WhereType.Date => dialect.EpochMsToText(sql, WhereType.String),
                    WhereType.Integer or WhereType.Real => $"CAST({sql} AS {dialect.TypeName(WhereSqlType.Text)})",
                    _ => sql,
                };
                return cast.Length is { } length ? $"substr({text}, 1, {Bind(length, WhereSqlType.Int32)})" : text;
            case WhereCastTarget.DateOnly or WhereCastTarget.TimeOnly:
                var format = cast.Target == WhereCastTarget.DateOnly ? WhereType.DateOnly : WhereType.TimeOnly;
                return from == format ? sql : dialect.EpochMsToText(from == WhereType.Date ? sql : dialect.TextToEpochMs(sql), format);
            default:
                return from == WhereType.Date ? sql : dialect.TextToEpochMs(sql);
        }
    }
}
