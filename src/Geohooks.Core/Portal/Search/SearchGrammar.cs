using Geohooks.Core.Errors;

namespace Geohooks.Core.Portal.Search;

/// <summary>
/// Recursive descent over the tokens of <c>q</c>: query := or; or := and (("OR" | juxtaposition) and)*;
/// and := unary ("AND" unary)*; unary := ("NOT" | "-" | "+") unary | primary.
/// </summary>
/// <remarks>
/// Between OR and juxtaposition the clauses combine the way Lucene's classic parser combines them (ArcGIS's grammar
/// is Lucene-like; its exact behaviour here is undocumented, spec §2.8): a clause written <c>+x</c> is required, one written <c>-x</c> or <c>NOT x</c> is excluded, the rest
/// are alternatives. With no required clause the result is (alternatives OR'ed) AND NOT each excluded one; once a
/// clause is required the alternatives can only affect ranking, which we do not do, so they are dropped
/// (<c>+a b</c> is <c>a</c>). Parentheses turn that off: <c>a OR (NOT b)</c> really is an OR.
/// </remarks>
internal sealed class SearchGrammar(List<SearchToken> tokens)
{
    private enum Occur
    {
        Optional,
        Required,
        Excluded,
    }

    private int _next;
    private int _depth;

    private SearchToken Peek => tokens[_next];

    public SearchNode ParseQuery()
    {
        var query = ParseOr(field: null);
        return Peek.Kind == SearchTokenKind.End ? query : throw Unexpected(Peek);
    }

    private SearchNode ParseOr(string? field)
    {
        var required = new List<SearchNode>();
        var optional = new List<SearchNode>();
        var excluded = new List<SearchNode>();
        while (true)
        {
            var (clause, occur) = ParseAnd(field);
            (occur switch { Occur.Required => required, Occur.Excluded => excluded, _ => optional }).Add(clause);
            if (Peek.Kind == SearchTokenKind.Or)
            {
                ExpectOperandAfter(Take());
            }
            else if (!StartsOperand(Peek))
            {
                break;
            }
        }

        var parts = new List<SearchNode>(required);
        if (required.Count == 0 && optional.Count > 0)
        {
            parts.Add(Combine(and: false, optional));
        }

        parts.AddRange(excluded);
        return Combine(and: true, parts);
    }

    private (SearchNode Node, Occur Occur) ParseAnd(string? field)
    {
        var first = ParseUnary(field, out var occur);
        if (Peek.Kind != SearchTokenKind.And)
        {
            return (first, occur);
        }

        var operands = new List<SearchNode> { first };
        while (Peek.Kind == SearchTokenKind.And)
        {
            ExpectOperandAfter(Take());
            operands.Add(ParseUnary(field, out _));
        }

        return (Combine(and: true, operands), Occur.Optional);
    }

    private SearchNode ParseUnary(string? field, out Occur occur)
    {
        var token = Peek;
        if (token.Kind is not (SearchTokenKind.Not or SearchTokenKind.Minus or SearchTokenKind.Plus))
        {
            occur = Occur.Optional;
            return ParsePrimary(field);
        }

        Take();
        ExpectOperandAfter(token);
        Enter(token);
        var operand = ParseUnary(field, out _);
        _depth--;
        occur = token.Kind == SearchTokenKind.Plus ? Occur.Required : Occur.Excluded;
        return token.Kind == SearchTokenKind.Plus ? operand : new NotNode(operand);
    }

    private SearchNode ParsePrimary(string? field)
    {
        var token = Take();
        return token.Kind switch
        {
            SearchTokenKind.OpenParen => ParseGroup(token, field),
            SearchTokenKind.Word when Peek.Kind == SearchTokenKind.Colon => ParseFieldValue(FieldName(token), Take()),
            SearchTokenKind.Word => Term(field, token),
            SearchTokenKind.Phrase => Phrase(field, token),
            SearchTokenKind.OpenBracket or SearchTokenKind.OpenBrace when field is not null => ParseRange(field, token),
            SearchTokenKind.OpenBracket or SearchTokenKind.OpenBrace =>
                throw SearchParser.Invalid("a range needs a field, as in created:[a TO b]", token.Position),
            _ => throw Unexpected(token),
        };
    }

    // field: value, field:"phrase", field:(query), field:[a TO b]; a space after the colon is allowed (ArcGIS REST JS sends one).
    private SearchNode ParseFieldValue(string field, SearchToken colon)
    {
        var token = Peek;
        if (token.Kind is not (SearchTokenKind.Word or SearchTokenKind.Phrase or SearchTokenKind.OpenParen
            or SearchTokenKind.OpenBracket or SearchTokenKind.OpenBrace))
        {
            throw SearchParser.Invalid($"'{field}:' has no value (found {token.Describe()})", colon.Position);
        }

        // A word is taken here rather than through ParsePrimary so that a:b:c is rejected instead of read as b:c.
        return token.Kind == SearchTokenKind.Word ? Term(field, Take()) : ParsePrimary(field);
    }

    private SearchNode ParseGroup(SearchToken open, string? field)
    {
        Enter(open);
        if (Peek.Kind == SearchTokenKind.CloseParen)
        {
            throw SearchParser.Invalid("empty parentheses", open.Position);
        }

        var inner = ParseOr(field);
        if (Peek.Kind != SearchTokenKind.CloseParen)
        {
            throw Peek.Kind == SearchTokenKind.End
                ? SearchParser.Invalid("unbalanced '(' (never closed)", open.Position)
                : Unexpected(Peek);
        }

        Take();
        _depth--;
        return inner;
    }

    private RangeNode ParseRange(string field, SearchToken open)
    {
        var from = ParseBound(open, "lower");
        if (!Peek.IsTo)
        {
            throw SearchParser.Invalid($"the range has no TO (found {Peek.Describe()})", Peek.Position);
        }

        Take();
        var to = ParseBound(open, "upper");
        var inclusive = open.Kind == SearchTokenKind.OpenBracket;
        var close = Take();
        if (close.Kind != (inclusive ? SearchTokenKind.CloseBracket : SearchTokenKind.CloseBrace))
        {
            var expected = inclusive ? "']'" : "'}'";
            throw SearchParser.Invalid($"the range is not closed with {expected} (found {close.Describe()})", close.Position);
        }

        return new RangeNode(field, from, to, inclusive);
    }

    private string? ParseBound(SearchToken open, string which)
    {
        var token = Peek;
        if (token.Kind == SearchTokenKind.Phrase || (token.Kind == SearchTokenKind.Word && !token.IsTo))
        {
            Take();
            return token.IsBareStar ? null : token.Text;
        }

        throw SearchParser.Invalid($"the range has no {which} bound", token.Kind == SearchTokenKind.End ? open.Position : token.Position);
    }

    private static SearchNode Term(string? field, SearchToken word) =>
        word.IsBareStar ? new MatchAllNode()
        : word.TrailingWildcard ? new TermNode(field, word.Text[..^1], TermKind.Prefix)
        : new TermNode(field, word.Text, TermKind.Word);

    private static TermNode Phrase(string? field, SearchToken phrase) =>
        string.IsNullOrWhiteSpace(phrase.Text)
            ? throw SearchParser.Invalid("empty phrase", phrase.Position)
            : new TermNode(field, phrase.Text, TermKind.Phrase);

    private static string FieldName(SearchToken word) =>
        word.TrailingWildcard
            ? throw SearchParser.Invalid($"'{word.Text}' is not a field name", word.Position)
            : word.Text.ToLowerInvariant();

    private static SearchNode Combine(bool and, List<SearchNode> children)
    {
        var flat = new List<SearchNode>(children.Count);
        foreach (var child in children)
        {
            switch (child)
            {
                case AndNode nested when and:
                    flat.AddRange(nested.Children);
                    break;
                case OrNode nested when !and:
                    flat.AddRange(nested.Children);
                    break;
                default:
                    flat.Add(child);
                    break;
            }
        }

        return flat.Count == 1 ? flat[0] : and ? new AndNode(flat) : new OrNode(flat);
    }

    private static bool StartsOperand(SearchToken token) => token.Kind is SearchTokenKind.Word or SearchTokenKind.Phrase
        or SearchTokenKind.OpenParen or SearchTokenKind.OpenBracket or SearchTokenKind.OpenBrace
        or SearchTokenKind.Not or SearchTokenKind.Plus or SearchTokenKind.Minus;

    private void ExpectOperandAfter(SearchToken op)
    {
        if (!StartsOperand(Peek))
        {
            throw SearchParser.Invalid($"{op.Describe()} has nothing after it (found {Peek.Describe()})", op.Position);
        }
    }

    private void Enter(SearchToken token)
    {
        if (++_depth > SearchParser.MaxDepth)
        {
            throw SearchParser.Invalid($"the query is nested deeper than {SearchParser.MaxDepth} levels", token.Position);
        }
    }

    private SearchToken Take() => tokens[_next++];

    private static ArcGisException Unexpected(SearchToken token) => token.Kind switch
    {
        SearchTokenKind.CloseParen => SearchParser.Invalid("unbalanced ')' (nothing to close)", token.Position),
        SearchTokenKind.And or SearchTokenKind.Or => SearchParser.Invalid($"{token.Describe()} has nothing before it", token.Position),
        SearchTokenKind.Colon => SearchParser.Invalid("unexpected ':' (escape it as \\: or quote the value)", token.Position),
        SearchTokenKind.End => SearchParser.Invalid("the query ends where a term was expected", token.Position),
        _ => SearchParser.Invalid($"unexpected {token.Describe()}", token.Position),
    };
}
