namespace Geohooks.Core.Portal.Search;

/// <summary>
/// A parsed portal search query (<c>q</c>). Field names are lower-case; a null field means the default
/// fields of the target (items: title, tags, snippet, description, type, typekeywords).
/// </summary>
public abstract record SearchNode;

public sealed record AndNode(IReadOnlyList<SearchNode> Children) : SearchNode;

public sealed record OrNode(IReadOnlyList<SearchNode> Children) : SearchNode;

public sealed record NotNode(SearchNode Child) : SearchNode;

/// <summary>Everything (an empty query or <c>*</c>).</summary>
public sealed record MatchAllNode : SearchNode;

/// <summary>A word (<c>parcels</c>), a prefix (<c>parc*</c>) or a quoted phrase (<c>"feature service"</c>).</summary>
public sealed record TermNode(string? Field, string Value, TermKind Kind) : SearchNode;

/// <summary><c>field:[a TO b]</c> (inclusive) or <c>field:{a TO b}</c> (exclusive); a bound of * or null is open.</summary>
public sealed record RangeNode(string Field, string? From, string? To, bool Inclusive) : SearchNode;

public enum TermKind
{
    Word,
    Prefix,
    Phrase,
}
