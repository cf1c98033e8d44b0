using System.Globalization;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Core.Tests.Portal.Search;

/// <summary>
/// Renders a <see cref="SearchNode"/> as one canonical line, because the records' list members compare by reference.
/// Words are <c>field:=value</c>, prefixes <c>field:value*</c>, phrases <c>field:"value"</c> (no field: no <c>field:</c>),
/// ranges <c>field:[from..to]</c> or <c>{..}</c> with <c>*</c> for an open bound, match-all <c>ALL</c>.
/// </summary>
public static class SearchAst
{
    public static string Render(SearchNode node) => node switch
    {
        MatchAllNode => "ALL",
        AndNode and => $"AND({string.Join(", ", and.Children.Select(Render))})",
        OrNode or => $"OR({string.Join(", ", or.Children.Select(Render))})",
        NotNode not => $"NOT({Render(not.Child)})",
        TermNode term => Prefix(term.Field) + term.Kind switch
        {
            TermKind.Word => "=" + term.Value,
            TermKind.Prefix => term.Value + "*",
            _ => $"\"{term.Value}\"",
        },
        RangeNode range => string.Create(
            CultureInfo.InvariantCulture,
            $"{range.Field}:{(range.Inclusive ? '[' : '{')}{range.From ?? "*"}..{range.To ?? "*"}{(range.Inclusive ? ']' : '}')}"),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "unknown search node"),
    };

    private static string Prefix(string? field) => field is null ? "" : field + ":";
}
