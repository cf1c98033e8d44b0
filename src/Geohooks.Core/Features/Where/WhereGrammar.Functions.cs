namespace Geohooks.Core.Features.Where;

/// <summary>
/// Function calls (spec §5.3): the ordinary ones take comma-separated arguments; CAST, EXTRACT, POSITION,
/// SUBSTRING and TRIM have keyword syntax of their own. Anything else is an unknown function.
/// </summary>
internal sealed partial class WhereGrammar
{
    private static readonly Dictionary<string, (WhereFunction Function, int Min, int Max)> Functions =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["ABS"] = (WhereFunction.Abs, 1, 1),
            ["CEILING"] = (WhereFunction.Ceiling, 1, 1),
            ["FLOOR"] = (WhereFunction.Floor, 1, 1),
            ["LOG"] = (WhereFunction.Log, 1, 1),
            ["LOG10"] = (WhereFunction.Log10, 1, 1),
            ["POWER"] = (WhereFunction.Power, 2, 2),
            ["ROUND"] = (WhereFunction.Round, 1, 2),
            ["TRUNCATE"] = (WhereFunction.Truncate, 1, 2),
            ["MOD"] = (WhereFunction.Mod, 2, 2),
            ["COS"] = (WhereFunction.Cos, 1, 1),
            ["SIN"] = (WhereFunction.Sin, 1, 1),
            ["TAN"] = (WhereFunction.Tan, 1, 1),
            ["CHAR_LENGTH"] = (WhereFunction.CharLength, 1, 1),
            ["CONCAT"] = (WhereFunction.Concat, 2, int.MaxValue),
            ["LOWER"] = (WhereFunction.Lower, 1, 1),
            ["UPPER"] = (WhereFunction.Upper, 1, 1),
            ["COALESCE"] = (WhereFunction.Coalesce, 1, int.MaxValue),
            ["NULLIF"] = (WhereFunction.NullIf, 2, 2),
        };

    /// <summary>ROUND and TRUNCATE digits stay within what a double can scale exactly.</summary>
    private const int MaxDigits = 15;

    private WhereValue ParseCall(WhereToken name)
    {
        var open = Take();
        Enter(open);
        var upper = name.Text.ToUpperInvariant();
        WhereValue call = upper switch
        {
            "CAST" => ParseCast(name),
            "EXTRACT" => ParseExtract(name),
            "POSITION" => ParsePosition(name),
            "SUBSTRING" => ParseSubstring(name),
            "TRIM" => ParseTrim(name),
            _ when Functions.TryGetValue(upper, out var entry) => Typed(entry.Function, upper, ParseArguments(upper, entry.Min, entry.Max), name),
            _ => throw WhereParser.Invalid($"Unknown function '{name.Text}'", name.Position),
        };
        Expect(WhereTokenKind.RightParen, $"')' to close {upper}(");
        depth--;
        return call;
    }

    private List<WhereValue> ParseArguments(string function, int min, int max)
    {
        var arguments = new List<WhereValue>();
        if (Peek.Kind != WhereTokenKind.RightParen)
        {
            arguments.Add(ParseValue());
            while (Peek.Kind == WhereTokenKind.Comma)
            {
                Take();
                arguments.Add(ParseValue());
            }
        }

        if (arguments.Count < min || arguments.Count > max)
        {
            var count = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} or {max}";
            throw WhereParser.Invalid($"{function} takes {count} argument{(min == 1 && max == 1 ? "" : "s")}", Peek.Position);
        }

        return arguments;
    }

    private static WhereCall Typed(WhereFunction function, string name, List<WhereValue> args, WhereToken token)
    {
        var at = token.Position;
        switch (function)
        {
            case WhereFunction.Abs or WhereFunction.Ceiling or WhereFunction.Floor:
                var number = WhereTyping.Number(args[0], name, at);
                return new WhereCall(function, [number], number.Type);
            case WhereFunction.Round or WhereFunction.Truncate:
                var digits = args.Count == 2 ? ConstantInteger(WhereTyping.Number(args[1], name, at), name, "digits", at) : 0;
                if (digits is < -MaxDigits or > MaxDigits)
                {
                    throw WhereParser.Invalid($"{name} digits must be between -{MaxDigits} and {MaxDigits}", at);
                }

                return new WhereCall(function, [WhereTyping.Number(args[0], name, at), new WhereInteger(digits)], WhereType.Real);
            case WhereFunction.Mod:
                var (a, b) = (WhereTyping.Number(args[0], name, at), WhereTyping.Number(args[1], name, at));
                return new WhereCall(function, [a, b], WhereTypes.Common(a.Type, b.Type)!.Value);
            case WhereFunction.CharLength:
                return new WhereCall(function, [WhereTyping.Text(args[0], name, at)], WhereType.Integer);
            case WhereFunction.Lower or WhereFunction.Upper:
                return new WhereCall(function, [WhereTyping.Text(args[0], name, at)], WhereType.String);
            case WhereFunction.Concat:
                return new WhereCall(function, [.. args.Select(arg => WhereTyping.Joinable(arg, name, at))], WhereType.String);
            case WhereFunction.Coalesce or WhereFunction.NullIf:
                return Unified(function, name, args, at);
            default:
                // LOG, LOG10, POWER, COS, SIN, TAN: numbers in, a double out.
                return new WhereCall(function, [.. args.Select(arg => WhereTyping.Number(arg, name, at))], WhereType.Real);
        }
    }

    /// <summary>COALESCE and NULLIF: every argument comparable with the first typed one; the result is their common type.</summary>
    private static WhereCall Unified(WhereFunction function, string name, List<WhereValue> args, int at)
    {
        var anchor = args.FirstOrDefault(arg => arg is not WhereString) ?? args[0];
        var coerced = args.Select(arg => WhereTyping.Coerce(arg, anchor, at)).ToList();
        var type = coerced[0].Type;
        foreach (var arg in coerced)
        {
            WhereTyping.RejectBlob(arg, at);
            type = WhereTypes.Common(type, arg.Type)
                ?? throw WhereParser.Invalid($"{name} mixes {type.Describe()} with {WhereTyping.Describe(arg)}", at);
        }

        return new WhereCall(function, coerced, type);
    }

    private WhereCall ParsePosition(WhereToken name)
    {
        var needle = WhereTyping.Text(ParseValue(), "POSITION", name.Position);
        ExpectKeyword("IN");
        var haystack = WhereTyping.Text(ParseValue(), "POSITION", name.Position);
        return new WhereCall(WhereFunction.Position, [needle, haystack], WhereType.Integer);
    }

    // SUBSTRING(s FROM start [FOR length]) or SUBSTRING(s, start [, length]); positions are whole-number constants.
    private WhereCall ParseSubstring(WhereToken name)
    {
        var source = WhereTyping.Text(ParseValue(), "SUBSTRING", name.Position);
        var comma = Peek.Kind == WhereTokenKind.Comma;
        if (comma)
        {
            Take();
        }
        else
        {
            ExpectKeyword("FROM");
        }

        var start = ConstantInteger(ParseValue(), "SUBSTRING", "start", name.Position);
        List<WhereValue> args = [source, new WhereInteger(start)];
        if (comma ? Peek.Kind == WhereTokenKind.Comma : Peek.Is("FOR"))
        {
            Take();
            var length = ConstantInteger(ParseValue(), "SUBSTRING", "length", name.Position);
            args.Add(length >= 0 ? new WhereInteger(length) : throw WhereParser.Invalid("SUBSTRING length must not be negative", name.Position));
        }

        return new WhereCall(WhereFunction.Substring, args, WhereType.String);
    }

    // TRIM(s) | TRIM([BOTH|LEADING|TRAILING] [characters] FROM s)
    private WhereTrim ParseTrim(WhereToken name)
    {
        var mode = Peek.Text.ToUpperInvariant() switch
        {
            "BOTH" when Peek.Kind == WhereTokenKind.Word => WhereTrimMode.Both,
            "LEADING" when Peek.Kind == WhereTokenKind.Word => WhereTrimMode.Leading,
            "TRAILING" when Peek.Kind == WhereTokenKind.Word => WhereTrimMode.Trailing,
            _ => (WhereTrimMode?)null,
        };
        if (mode is not null)
        {
            Take();
        }

        WhereValue? characters = null;
        if (!TakeKeyword("FROM"))
        {
            var first = WhereTyping.Text(ParseValue(), "TRIM", name.Position);
            if (mode is null && !Peek.Is("FROM"))
            {
                return new WhereTrim(WhereTrimMode.Both, null, first);
            }

            ExpectKeyword("FROM");
            characters = first;
        }

        return new WhereTrim(mode ?? WhereTrimMode.Both, characters, WhereTyping.Text(ParseValue(), "TRIM", name.Position));
    }

    private static int ConstantInteger(WhereValue value, string function, string what, int position) =>
        value is WhereInteger { Value: >= int.MinValue and <= int.MaxValue } integer
            ? (int)integer.Value
            : throw WhereParser.Invalid($"{function} {what} must be a whole-number constant", position);
}
