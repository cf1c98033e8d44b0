namespace Geohooks.Core.Features.Where;

/// <summary>
/// value := concat; concat := additive ("||" additive)*; additive := multiplicative (("+"|"-") multiplicative)*;
/// multiplicative := unary (("*"|"/") unary)*; unary := ("-"|"+") unary | term. The precedence is PostgreSQL's;
/// the generated SQL parenthesizes everything, so the backends never apply their own.
/// </summary>
internal sealed partial class WhereGrammar
{
    // Words that are never a bare column name (a field so named must be written "quoted").
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "NULL", "LIKE", "IN", "BETWEEN", "IS", "ESCAPE", "AS", "FROM", "FOR", "WHERE",
        "SELECT", "UNION", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END",
        "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_USER",
    };

    private WhereValue ParseValue() => ParseChain(1);

    // Level 1 is ||, 2 is + and -, 3 is * and /. Every operator counts as a level of depth: a long chain is a deep tree.
    private WhereValue ParseChain(int level)
    {
        if (level > 3)
        {
            return ParseUnary();
        }

        var saved = depth;
        var left = ParseChain(level + 1);
        while (Operator(Peek.Kind, level) is { } op)
        {
            var token = Take();
            Enter(token);
            left = WhereTyping.Arithmetic(left, op, ParseChain(level + 1), token.Position);
        }

        depth = saved;
        return left;
    }

    private static WhereArithmeticOperator? Operator(WhereTokenKind kind, int level) => (kind, level) switch
    {
        (WhereTokenKind.Concat, 1) => WhereArithmeticOperator.Concatenate,
        (WhereTokenKind.Plus, 2) => WhereArithmeticOperator.Add,
        (WhereTokenKind.Minus, 2) => WhereArithmeticOperator.Subtract,
        (WhereTokenKind.Star, 3) => WhereArithmeticOperator.Multiply,
        (WhereTokenKind.Slash, 3) => WhereArithmeticOperator.Divide,
        _ => null,
    };

    private WhereValue ParseUnary()
    {
        var token = Peek;
        if (token.Kind is not (WhereTokenKind.Minus or WhereTokenKind.Plus))
        {
            return ParseTerm();
        }

        Take();
        Enter(token);
        var operand = ParseUnary();
        depth--;
        if (token.Kind == WhereTokenKind.Minus)
        {
            return WhereTyping.Negate(operand, token.Position);
        }

        return operand.Type.IsNumeric() || operand.Type == WhereType.Interval
            ? operand
            : throw WhereParser.Invalid($"Unary '+' needs a number, not {WhereTyping.Describe(operand)}", token.Position);
    }

    private WhereValue ParseTerm()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case WhereTokenKind.Number:
                Take();
                return Literal(WhereLiterals.ParseNumber(token.Text)
                    ?? throw WhereParser.Invalid($"'{token.Text}' is not a valid number", token.Position), token);
            case WhereTokenKind.String:
                Take();
                return Literal(new WhereString(token.Text), token);
            case WhereTokenKind.LeftParen:
                Take();
                Enter(token);
                var inner = ParseValue();
                Expect(WhereTokenKind.RightParen, "')'");
                depth--;
                return inner;
            case WhereTokenKind.QuotedIdentifier:
                Take();
                return Field(token);
            case WhereTokenKind.Word:
                return ParseWord();
            case WhereTokenKind.End:
                throw WhereParser.Invalid("The clause ends where a value was expected", token.Position);
            default:
                throw Expected("a value");
        }
    }

    private WhereValue ParseWord()
    {
        var word = Take();
        var following = Peek.Kind;
        switch (word.Text.ToUpperInvariant())
        {
            case "SELECT" or "UNION" or "EXISTS":
                throw WhereParser.Invalid("Subqueries are not allowed", word.Position);
            case "NULL":
                throw WhereParser.Invalid("NULL is not a value here; test for it with IS NULL or IS NOT NULL", word.Position);
            case "CURRENT_DATE":
                return new WhereNow(WhereCurrent.Date);
            case "CURRENT_TIMESTAMP":
                return new WhereNow(WhereCurrent.Timestamp);
            case "CURRENT_TIME":
                return new WhereNow(WhereCurrent.Time);
            case "CURRENT_USER":
                return context.CurrentUser is { } user ? Literal(new WhereString(user), word) : new WhereNull(WhereType.String);
            case "DATE" or "TIMESTAMP" or "TIME" when following == WhereTokenKind.String:
                return ParseTemporalLiteral(word, Take());
            case "INTERVAL" when following == WhereTokenKind.String:
                return ParseInterval(word, Take());
        }

        if (following == WhereTokenKind.LeftParen)
        {
            return ParseCall(word);
        }

        if (Reserved.Contains(word.Text))
        {
            throw WhereParser.Invalid($"Expected a value but found {word.Describe()}", word.Position);
        }

        if (IsShape(word))
        {
            throw WhereParser.Invalid("'shape' can only be used as 'shape IS NULL' or 'shape IS NOT NULL'", word.Position);
        }

        return Field(word);
    }

    private WhereField Field(WhereToken name) =>
        fields.TryGetValue(name.Text, out var field)
            ? new WhereField(field)
            : throw WhereParser.Invalid($"Unknown field '{name.Text}'", name.Position);

    private WhereValue ParseTemporalLiteral(WhereToken keyword, WhereToken text)
    {
        var kind = keyword.Text.ToUpperInvariant();
        WhereValue? value = kind switch
        {
            "DATE" => WhereLiterals.ParseDate(text.Text) is { } date ? new WhereDate(date) : null,
            "TIME" => WhereLiterals.ParseTime(text.Text) is { } time ? new WhereTime(time) : null,
            _ => WhereLiterals.ParseTimestamp(text.Text) is { } timestamp ? new WhereTimestamp(timestamp) : null,
        };
        var format = kind switch
        {
            "DATE" => "yyyy-mm-dd",
            "TIME" => "hh:mm:ss",
            _ => "yyyy-mm-dd hh:mm:ss[.fff] [±hh:mm]",
        };
        return value is null
            ? throw WhereParser.Invalid($"{kind} '{text.Text}' is not valid (expected '{format}')", text.Position)
            : Literal(value, keyword);
    }

    private WhereInterval ParseInterval(WhereToken keyword, WhereToken text)
    {
        var leadingToken = Take();
        var leading = WhereIntervals.ParseUnit(leadingToken.Text) ?? throw IntervalUnit(leadingToken);
        var trailing = leading;
        if (TakeKeyword("TO"))
        {
            var trailingToken = Take();
            trailing = WhereIntervals.ParseUnit(trailingToken.Text) ?? throw IntervalUnit(trailingToken);
            if (trailing <= leading)
            {
                throw WhereParser.Invalid($"INTERVAL {Range(leading, trailing)} is not a valid range", trailingToken.Position);
            }
        }

        var milliseconds = WhereIntervals.Parse(text.Text, leading, trailing)
            ?? throw WhereParser.Invalid($"INTERVAL '{text.Text}' does not fit {Range(leading, trailing)}", text.Position);
        return Literal(new WhereInterval(milliseconds), keyword);
    }

    private static string Range(WhereIntervals.Unit leading, WhereIntervals.Unit trailing) =>
        leading == trailing ? leading.ToString().ToUpperInvariant() : $"{leading} TO {trailing}".ToUpperInvariant();

    private static WhereSyntaxException IntervalUnit(WhereToken token) =>
        WhereParser.Invalid($"Expected DAY, HOUR, MINUTE or SECOND but found {token.Describe()}", token.Position);
}
