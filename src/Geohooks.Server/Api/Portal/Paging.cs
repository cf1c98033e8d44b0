using Geohooks.Core.Portal.Search;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Portal;

/// <summary>The paging and sorting parameters shared by every search and listing (spec resources §2.8).</summary>
internal static class Paging
{
    public const int MaxNum = 100;

    public static (int Start, int Num) Read(ArcGisRequest r, int defaultNum = 10) => (r.GetInt("start", 1) ?? 1, r.GetInt("num", 0, MaxNum) ?? defaultNum);

    public static SearchRequest Search(ArcGisRequest r, SearchNode query)
    {
        var (start, num) = Read(r);
        var order = r.Get("sortOrder")?.Trim().ToLowerInvariant() switch
        {
            null or "asc" => SortOrder.Asc,
            "desc" => SortOrder.Desc,
            _ => throw Core.Errors.Errors.InvalidParameter("sortOrder", "must be asc or desc."),
        };
        return new SearchRequest(query, Viewer.Anonymous, r.Get("sortField")?.Trim(), order, start, num);
    }

    public static object Envelope<T>(string? q, Page<T> page, Func<T, object> map) => new
    {
        query = q ?? "",
        total = page.Total,
        start = page.Start,
        num = page.Num,
        nextStart = page.NextStart,
        results = page.Results.Select(map).ToArray(),
    };
}
