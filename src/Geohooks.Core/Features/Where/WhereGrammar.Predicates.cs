namespace Geohooks.Core.Features.Where;

/// <summary>
/// predicate := "(" clause ")" | shape IS [NOT] NULL | value compOp value | value [NOT] LIKE value [ESCAPE 'c']
///            | value [NOT] IN "(" value ("," value)* ")" | value [NOT] BETWEEN value AND value | value IS [NOT] NULL.
/// </summary>
internal sealed partial class WhereGrammar
{
    private WhereExpression ParsePredicate()
    {
        if (Peek.Kind == WhereTokenKind.LeftParen && EnclosesCondition(next))
        {
            var open = Take();
            Enter(open);
            var inner = ParseOr();
            Expect(WhereTokenKind.RightParen, "')'");
            depth--;
            return inner;
        }

        if (IsShape(Peek) && PeekAt(1).Is("IS"))
        {
            next += 2;
            var negated = TakeKeyword("NOT");
            ExpectKeyword("NULL");
            return new WhereShapeIsNull(negated);
        }

        var left = ParseValue();
        return ParseCondition(left);
    }

    private WhereExpression ParseCondition(WhereValue left)
    {
        var token = Peek;
        if (token.IsComparison)
        {
            Take();
            var (l, r) = WhereTyping.Comparable(left, ParseValue(), token.Position);
            return new WhereComparison(l, Comparison(token.Kind), r);
        }

        var negated = TakeKeyword("NOT");
        token = Peek;
        if (token.Is("LIKE"))
        {
            Take();
            return ParseLike(left, negated, token.Position);
        }

        if (token.Is("IN"))
        {
            Take();
            return ParseIn(left, negated, token.Position);
        }

        if (token.Is("BETWEEN"))
        {
            Take();
            return ParseBetween(left, negated, token.Position);
        }

        if (!negated && token.Is("IS"))
        {
            Take();
            var isNot = TakeKeyword("NOT");
            ExpectKeyword("NULL");
            return new WhereIsNull(left, isNot);
        }

        throw negated
            ? Expected("LIKE, IN or BETWEEN after NOT")
            : Expected("a comparison (=, <>, <, <=, >, >=, LIKE, IN, BETWEEN or IS NULL)");
    }

    private WhereLike ParseLike(WhereValue value, bool negated, int position)
    {
        WhereTyping.RejectBlob(value, position);
        WhereTyping.Text(value, "LIKE", position);
        var pattern = WhereTyping.Text(ParseValue(), "A LIKE pattern", position);
        char? escape = null;
        if (Peek.Is("ESCAPE"))
        {
            var keyword = Take();
            var literal = Peek;
            if (literal.Kind != WhereTokenKind.String || literal.Text.Length != 1)
            {
                throw WhereParser.Invalid("ESCAPE takes a string of exactly one character", keyword.Position);
            }

            Take();
            escape = literal.Text[0];
        }

        var constant = WhereConstants.TryFoldString(pattern, out var text);
        if (escape is not null && !constant)
        {
            throw WhereParser.Invalid("With ESCAPE the LIKE pattern must be a constant string", position);
        }

        if (text is not null && LikePattern.TryParse(text, escape, out var problem) is null)
        {
            throw WhereParser.Invalid(problem!, position);
        }

        return new WhereLike(value, pattern, escape, negated);
    }

    private WhereIn ParseIn(WhereValue value, bool negated, int position)
    {
        Expect(WhereTokenKind.LeftParen, "'(' after IN");
        if (Peek.Kind == WhereTokenKind.RightParen)
        {
            throw WhereParser.Invalid("IN () needs at least one value", position);
        }

        var items = new List<WhereValue>();
        var coercedValue = value;
        while (true)
        {
            var (v, item) = WhereTyping.Comparable(value, ParseValue(), position);
            coercedValue = items.Count == 0 ? v : coercedValue;
            items.Add(item);
            if (Peek.Kind != WhereTokenKind.Comma)
            {
                break;
            }

            Take();
        }

        Expect(WhereTokenKind.RightParen, "',' or ')' in the IN list");
        return new WhereIn(coercedValue, items, negated);
    }

    private WhereBetween ParseBetween(WhereValue value, bool negated, int position)
    {
        var (v, low) = WhereTyping.Comparable(value, ParseValue(), position);
        ExpectKeyword("AND");
        var (_, high) = WhereTyping.Comparable(v, ParseValue(), position);
        return new WhereBetween(v, low, high, negated);
    }

    /// <summary>The pseudo-column for the geometry, unless the layer has a field of that name.</summary>
    private bool IsShape(WhereToken token) =>
        token.Is("shape") && !fields.ContainsKey("shape");

    private static WhereComparisonOperator Comparison(WhereTokenKind kind) => kind switch
    {
        WhereTokenKind.Equal => WhereComparisonOperator.Equal,
        WhereTokenKind.NotEqual => WhereComparisonOperator.NotEqual,
        WhereTokenKind.Less => WhereComparisonOperator.Less,
        WhereTokenKind.LessOrEqual => WhereComparisonOperator.LessOrEqual,
        WhereTokenKind.Greater => WhereComparisonOperator.Greater,
        _ => WhereComparisonOperator.GreaterOrEqual,
    };
}
