namespace Geohooks.Core.Portal.Search;

internal enum SearchTokenKind
{
    Word,
    Phrase,
    And,
    Or,
    Not,
    Plus,
    Minus,
    Colon,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenBrace,
    CloseBrace,
    End,
}

/// <summary>
/// One lexical unit of <c>q</c>. <see cref="Text"/> is already unescaped; <see cref="Escaped"/> remembers that a
/// backslash was used, so <c>\AND</c> or <c>\TO</c> stay words; <see cref="TrailingWildcard"/> is an unescaped final <c>*</c>.
/// </summary>
internal readonly record struct SearchToken(
    SearchTokenKind Kind, int Position, string Text = "", bool Escaped = false, bool TrailingWildcard = false)
{
    public bool IsBareStar => Kind == SearchTokenKind.Word && TrailingWildcard && Text == "*";

    public bool IsTo => Kind == SearchTokenKind.Word && !Escaped && Text == "TO";

    public string Describe() => Kind switch
    {
        SearchTokenKind.Word => $"'{Text}'",
        SearchTokenKind.Phrase => $"\"{Text}\"",
        SearchTokenKind.And => "'AND'",
        SearchTokenKind.Or => "'OR'",
        SearchTokenKind.Not => "'NOT'",
        SearchTokenKind.Plus => "'+'",
        SearchTokenKind.Minus => "'-'",
        SearchTokenKind.Colon => "':'",
        SearchTokenKind.OpenParen => "'('",
        SearchTokenKind.CloseParen => "')'",
        SearchTokenKind.OpenBracket => "'['",
        SearchTokenKind.CloseBracket => "']'",
        SearchTokenKind.OpenBrace => "'{'",
        SearchTokenKind.CloseBrace => "'}'",
        _ => "the end of the query",
    };
}
