using System.Text;

namespace Geohooks.Core.Portal.Search;

/// <summary>Splits <c>q</c> into tokens. Context-free: whether a word is a field name or a range bound is the grammar's call.</summary>
internal static class SearchTokenizer
{
    public static List<SearchToken> Tokenize(string q)
    {
        var tokens = new List<SearchToken>();
        var i = 0;
        while (i < q.Length)
        {
            var c = q[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (Punctuation(c) is { } kind)
            {
                tokens.Add(new(kind, i));
                i++;
            }
            else if (q.AsSpan(i).StartsWith("&&") || q.AsSpan(i).StartsWith("||"))
            {
                tokens.Add(new(c == '&' ? SearchTokenKind.And : SearchTokenKind.Or, i));
                i += 2;
            }
            else if (c == '"')
            {
                tokens.Add(ReadPhrase(q, ref i));
            }
            else
            {
                tokens.Add(ReadWord(q, ref i));
            }
        }

        tokens.Add(new(SearchTokenKind.End, q.Length));
        return tokens;
    }

    // '+' and '-' are operators only where a token starts; inside a word (a-b) they are ordinary characters.
    private static SearchTokenKind? Punctuation(char c) => c switch
    {
        '(' => SearchTokenKind.OpenParen,
        ')' => SearchTokenKind.CloseParen,
        '[' => SearchTokenKind.OpenBracket,
        ']' => SearchTokenKind.CloseBracket,
        '{' => SearchTokenKind.OpenBrace,
        '}' => SearchTokenKind.CloseBrace,
        ':' => SearchTokenKind.Colon,
        '+' => SearchTokenKind.Plus,
        '-' => SearchTokenKind.Minus,
        _ => null,
    };

    private static bool EndsWord(char c) => char.IsWhiteSpace(c) || c is '(' or ')' or '[' or ']' or '{' or '}' or ':' or '"';

    private static SearchToken ReadWord(string q, ref int i)
    {
        var start = i;
        var text = new StringBuilder();
        var escaped = false;
        var trailingWildcard = false;
        while (i < q.Length && !EndsWord(q[i]))
        {
            if (q[i] == '\\')
            {
                text.Append(EscapedChar(q, i));
                escaped = true;
                trailingWildcard = false;
                i += 2;
                continue;
            }

            trailingWildcard = q[i] == '*';
            text.Append(q[i]);
            i++;
        }

        var word = text.ToString();
        var kind = escaped ? SearchTokenKind.Word : word switch
        {
            "AND" => SearchTokenKind.And,
            "OR" => SearchTokenKind.Or,
            "NOT" => SearchTokenKind.Not,
            _ => SearchTokenKind.Word,
        };
        return new(kind, start, word, escaped, trailingWildcard);
    }

    private static SearchToken ReadPhrase(string q, ref int i)
    {
        var start = i;
        var text = new StringBuilder();
        i++;
        while (i < q.Length && q[i] != '"')
        {
            if (q[i] == '\\')
            {
                text.Append(EscapedChar(q, i));
                i += 2;
                continue;
            }

            text.Append(q[i]);
            i++;
        }

        if (i == q.Length)
        {
            throw SearchParser.Invalid("unbalanced '\"' (the phrase is never closed)", start);
        }

        i++;
        return new(SearchTokenKind.Phrase, start, text.ToString());
    }

    private static char EscapedChar(string q, int backslash) =>
        backslash + 1 < q.Length ? q[backslash + 1] : throw SearchParser.Invalid("a '\\' at the end escapes nothing", backslash);
}
