namespace Geohooks.Core.Portal.Search;

/// <summary>Who is searching: decides which items, groups and users are visible.</summary>
public sealed record Viewer(string? Username, string? OrgId, bool IsAdmin)
{
    public static readonly Viewer Anonymous = new(null, null, false);

    public bool IsAnonymous => Username is null;
}

public enum SortOrder
{
    Asc,
    Desc,
}

/// <summary>A search request after the wire layer has parsed it. <see cref="Start"/> is 1-based.</summary>
public sealed record SearchRequest(SearchNode Query, Viewer Viewer, string? SortField, SortOrder SortOrder, int Start, int Num);

public sealed record Page<T>(IReadOnlyList<T> Results, long Total, int Start, int Num)
{
    /// <summary>ArcGIS's nextStart: start + num while more results remain, else -1.</summary>
    public long NextStart => Start - 1 + Results.Count < Total && Results.Count > 0 ? Start + Results.Count : -1;
}
