using Geohooks.Core.Errors;

namespace Geohooks.Core.Portal.Search;

/// <summary>
/// Parses the ArcGIS portal search parameter <c>q</c> (spec §2.8) into a <see cref="SearchNode"/>.
/// Malformed queries raise the 400 envelope "Invalid or missing input parameters." with a detail that names the
/// problem and its 1-based character position.
/// </summary>
public static class SearchParser
{
    public const int MaxLength = 2048;

    public const int MaxDepth = 32;

    public static SearchNode Parse(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return new MatchAllNode();
        }

        if (q.Length > MaxLength)
        {
            throw Invalid($"the query is longer than {MaxLength} characters", MaxLength);
        }

        return new SearchGrammar(SearchTokenizer.Tokenize(q)).ParseQuery();
    }

    internal static ArcGisException Invalid(string problem, int position) =>
        Errors.Errors.InvalidParameter("q", $"{problem} at character {position + 1}.");
}
