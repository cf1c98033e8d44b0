using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// Recursive descent over the tokens of a where clause (spec §5.1):
/// clause := or; or := and (OR and)*; and := not (AND not)*; not := NOT not | predicate. Predicates and values
/// live in the other parts of this class. Recursion is bounded by <see cref="WhereContext.MaxDepth"/>, which also
/// bounds the depth of the tree, so nothing that walks the tree later can run out of stack.
/// </summary>
internal sealed partial class WhereGrammar
{
    private readonly List<WhereToken> tokens;
    private readonly int[] closing;
    private readonly Dictionary<string, FieldDefinition> fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly WhereContext context;
    private int next;
    private int depth;
    private int literals;

    public WhereGrammar(List<WhereToken> tokens, IReadOnlyList<FieldDefinition> fields, WhereContext context)
    {
        this.tokens = tokens;
        this.context = context;
        foreach (var field in fields)
        {
            this.fields.TryAdd(field.Name, field);
        }

        closing = MatchParentheses(tokens);
    }

    private WhereToken Peek => tokens[next];

    private WhereToken PeekAt(int offset) => tokens[Math.Min(next + offset, tokens.Count - 1)];

    public WhereExpression ParseClause()
    {
        var clause = ParseOr();
        return Peek.Kind == WhereTokenKind.End
            ? clause
            : throw WhereParser.Invalid($"Unexpected {Peek.Describe()} after a complete condition", Peek.Position);
    }

    private WhereExpression ParseOr() => ParseList("OR", ParseAnd, e => (e as WhereOr)?.Operands, list => new WhereOr(list));

    private WhereExpression ParseAnd() => ParseList("AND", ParseNot, e => (e as WhereAnd)?.Operands, list => new WhereAnd(list));

    /// <summary>operand (keyword operand)*, flattened: a parenthesized OR inside an OR adds its operands, not a level.</summary>
    private WhereExpression ParseList(
        string keyword,
        Func<WhereExpression> operand,
        Func<WhereExpression, IReadOnlyList<WhereExpression>?> nested,
        Func<List<WhereExpression>, WhereExpression> combine)
    {
        var operands = new List<WhereExpression>();
        do
        {
            var next = operand();
            if (nested(next) is { } inner)
            {
                operands.AddRange(inner);
            }
            else
            {
                operands.Add(next);
            }
        }
        while (TakeKeyword(keyword));

        return operands.Count == 1 ? operands[0] : combine(operands);
    }

    private WhereExpression ParseNot()
    {
        if (!Peek.Is("NOT"))
        {
            return ParsePredicate();
        }

        Enter(Take());
        var operand = ParseNot();
        depth--;
        return new WhereNot(operand);
    }

    // The end token is never stepped over, so Peek stays in range whatever a caller takes.
    private WhereToken Take() => next == tokens.Count - 1 ? tokens[next] : tokens[next++];

    private bool TakeKeyword(string keyword)
    {
        if (!Peek.Is(keyword))
        {
            return false;
        }

        next++;
        return true;
    }

    private WhereToken Expect(WhereTokenKind kind, string what) =>
        Peek.Kind == kind ? Take() : throw Expected(what);

    private WhereToken ExpectKeyword(string keyword) =>
        Peek.Is(keyword) ? Take() : throw Expected(keyword);

    private WhereSyntaxException Expected(string what) =>
        WhereParser.Invalid($"Expected {what} but found {Peek.Describe()}", Peek.Position);

    private void Enter(WhereToken token)
    {
        if (++depth > context.MaxDepth)
        {
            throw WhereParser.Invalid($"The clause is nested deeper than {context.MaxDepth} levels", token.Position);
        }
    }

    private T Literal<T>(T value, WhereToken token)
        where T : WhereValue
    {
        if (++literals > context.MaxLiterals)
        {
            throw WhereParser.Invalid($"The clause has more than {context.MaxLiterals} literal values", token.Position);
        }

        return value;
    }

    /// <summary>For each '(' the index of its ')'; unbalanced parentheses are reported before anything else.</summary>
    private static int[] MatchParentheses(List<WhereToken> tokens)
    {
        var closing = new int[tokens.Count];
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == WhereTokenKind.LeftParen)
            {
                open.Push(i);
            }
            else if (tokens[i].Kind == WhereTokenKind.RightParen)
            {
                if (open.Count == 0)
                {
                    throw WhereParser.Invalid("Unbalanced ')' (nothing to close)", tokens[i].Position);
                }

                closing[open.Pop()] = i;
            }
        }

        return open.Count == 0 ? closing : throw WhereParser.Invalid("Unbalanced '(' (never closed)", tokens[open.Last()].Position);
    }

    /// <summary>
    /// Whether the parenthesis at <paramref name="open"/> encloses a condition, as in <c>(a = 1 OR b = 2)</c>, rather
    /// than a value, as in <c>(a + 1) &gt; 2</c>: a condition has a comparison or a logical keyword at its own level.
    /// Decided by looking ahead, so no parse is ever tried twice.
    /// </summary>
    private bool EnclosesCondition(int open)
    {
        // ((a = 1)) is whatever its single inner group is. Past the depth limit the answer no longer matters (the
        // parse fails on depth), so the walk stops there and stays cheap for ten thousand parentheses.
        for (var hops = 0; hops <= context.MaxDepth && tokens[open + 1].Kind == WhereTokenKind.LeftParen
            && closing[open + 1] == closing[open] - 1; hops++)
        {
            open++;
        }

        for (var i = open + 1; i < closing[open]; i++)
        {
            var token = tokens[i];
            if (token.Kind == WhereTokenKind.LeftParen)
            {
                i = closing[i];
            }
            else if (token.IsComparison || IsConditionKeyword(token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConditionKeyword(WhereToken token) =>
        token.Kind == WhereTokenKind.Word && ConditionKeywords.Contains(token.Text);

    private static readonly HashSet<string> ConditionKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS",
    };
}
