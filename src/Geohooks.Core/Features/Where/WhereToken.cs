namespace Geohooks.Core.Features.Where;

internal enum WhereTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Concat,
    End,
}

/// <summary>
/// One lexical unit of a where clause. <see cref="Text"/> is the word, the number as written, or the unquoted
/// content of a string or quoted identifier. Keywords are words; the grammar decides what a word means.
/// </summary>
internal readonly record struct WhereToken(WhereTokenKind Kind, int Position, string Text = "")
{
    public bool Is(string keyword) => Kind == WhereTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsComparison => Kind is WhereTokenKind.Equal or WhereTokenKind.NotEqual or WhereTokenKind.Less
        or WhereTokenKind.LessOrEqual or WhereTokenKind.Greater or WhereTokenKind.GreaterOrEqual;

    public string Describe() => Kind switch
    {
        WhereTokenKind.Word => $"'{Text}'",
        WhereTokenKind.QuotedIdentifier => $"\"{Text}\"",
        WhereTokenKind.String => "a string",
        WhereTokenKind.Number => $"'{Text}'",
        WhereTokenKind.LeftParen => "'('",
        WhereTokenKind.RightParen => "')'",
        WhereTokenKind.Comma => "','",
        WhereTokenKind.Equal => "'='",
        WhereTokenKind.NotEqual => "'<>'",
        WhereTokenKind.Less => "'<'",
        WhereTokenKind.LessOrEqual => "'<='",
        WhereTokenKind.Greater => "'>'",
        WhereTokenKind.GreaterOrEqual => "'>='",
        WhereTokenKind.Plus => "'+'",
        WhereTokenKind.Minus => "'-'",
        WhereTokenKind.Star => "'*'",
        WhereTokenKind.Slash => "'/'",
        WhereTokenKind.Concat => "'||'",
        _ => "the end of the clause",
    };
}
