using System.Globalization;
using System.Text;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// Splits a where clause into tokens. Everything outside string literals must be plain SQL: ASCII names, numbers
/// and operators. Statement separators and comments are refused here, by name, since they only ever appear in
/// injection attempts.
/// </summary>
internal static class WhereTokenizer
{
    public static List<WhereToken> Tokenize(string text)
    {
        var tokens = new List<WhereToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                tokens.Add(ReadWord(text, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadQuoted(text, ref i, c));
            }
            else
            {
                tokens.Add(ReadOperator(text, ref i));
            }
        }

        tokens.Add(new(WhereTokenKind.End, text.Length));
        return tokens;
    }

    private static WhereToken ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return new(WhereTokenKind.Word, start, text[start..i]);
    }

    // digits [. digits] [e [+-] digits], or . digits; a letter straight after is a malformed number, not a name.
    private static WhereToken ReadNumber(string text, ref int i)
    {
        var start = i;
        SkipDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            SkipDigits(text, ref i);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var mark = i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i == text.Length || !char.IsAsciiDigit(text[i]))
            {
                i = mark;
            }
            else
            {
                SkipDigits(text, ref i);
            }
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] is '_' or '.'))
        {
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
            {
                i++;
            }

            throw WhereParser.Invalid($"'{text[start..i]}' is not a valid number", start);
        }

        return new(WhereTokenKind.Number, start, text[start..i]);
    }

    private static void SkipDigits(string text, ref int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
    }

    // 'it''s' is the string it's; "name" is a quoted identifier with "" for a quote.
    private static WhereToken ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            var close = text.IndexOf(quote, i);
            if (close < 0)
            {
                var what = quote == '\'' ? "string" : "quoted name";
                throw WhereParser.Invalid($"Unterminated {what} (the {quote} is never closed)", start);
            }

            value.Append(text, i, close - i);
            if (close + 1 < text.Length && text[close + 1] == quote)
            {
                value.Append(quote);
                i = close + 2;
                continue;
            }

            i = close + 1;
            var kind = quote == '\'' ? WhereTokenKind.String : WhereTokenKind.QuotedIdentifier;
            return new(kind, start, value.ToString());
        }
    }

    private static WhereToken ReadOperator(string text, ref int i)
    {
        var start = i;
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        var (kind, length) = (c, next) switch
        {
            ('-', '-') or ('/', '*') => throw WhereParser.Invalid($"Comments ('{c}{next}') are not allowed", start),
            (';', _) => throw WhereParser.Invalid("';' is not allowed: a where clause is a single condition", start),
            ('<', '>') or ('!', '=') => (WhereTokenKind.NotEqual, 2),
            ('<', '=') => (WhereTokenKind.LessOrEqual, 2),
            ('>', '=') => (WhereTokenKind.GreaterOrEqual, 2),
            ('|', '|') => (WhereTokenKind.Concat, 2),
            ('<', _) => (WhereTokenKind.Less, 1),
            ('>', _) => (WhereTokenKind.Greater, 1),
            ('=', _) => (WhereTokenKind.Equal, 1),
            ('(', _) => (WhereTokenKind.LeftParen, 1),
            (')', _) => (WhereTokenKind.RightParen, 1),
            (',', _) => (WhereTokenKind.Comma, 1),
            ('+', _) => (WhereTokenKind.Plus, 1),
            ('-', _) => (WhereTokenKind.Minus, 1),
            ('*', _) => (WhereTokenKind.Star, 1),
            ('/', _) => (WhereTokenKind.Slash, 1),
            _ => throw WhereParser.Invalid($"Unexpected character {DescribeCharacter(c)}", start),
        };
        i += length;
        return new(kind, start);
    }

    private static string DescribeCharacter(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || c > '\u007e'
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : $"'{c}'";
}
