using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

/// <summary>Short constructors for search ASTs, as the query parser would produce them.</summary>
public static class Q
{
    public static TermNode Word(string? field, string value) => new(field, value, TermKind.Word);

    public static TermNode Phrase(string? field, string value) => new(field, value, TermKind.Phrase);

    public static TermNode Prefix(string? field, string value) => new(field, value, TermKind.Prefix);

    public static AndNode And(params SearchNode[] children) => new(children);

    public static OrNode Or(params SearchNode[] children) => new(children);

    public static NotNode Not(SearchNode child) => new(child);

    public static RangeNode Range(string field, string? from, string? to, bool inclusive = true) => new(field, from, to, inclusive);

    public static MatchAllNode All { get; } = new();
}
