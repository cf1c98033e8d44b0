using Geohooks.Core.Portal.Search;
using static Geohooks.Storage.Sql.Search.TermRules;

namespace Geohooks.Storage.Sql.Search;

/// <summary>How item queries map onto the <c>items i</c> table: fields, visibility and order.</summary>
internal static class ItemSearch
{
    public static readonly SearchSchema Schema = new(
        new Dictionary<string, TermRule>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = Key("i.id"),
            ["owner"] = Key("i.owner_key"),
            ["orgid"] = Equal("i.org_id"),
            ["group"] = SharedTo,
            ["access"] = Equal("i.access"),
            ["type"] = Token("i.type"),
            ["tags"] = Element("i.tags_key"),
            ["typekeywords"] = Element("i.type_keywords_key"),
            ["categories"] = Element("i.categories_key"),
            ["title"] = Contains("i.title"),
            ["name"] = Contains("i.name"),
            ["description"] = Contains("i.description"),
            ["snippet"] = Contains("i.snippet"),
            ["culture"] = Contains("i.culture"),
            ["accessinformation"] = Contains("i.access_information"),
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["created"] = "i.created",
            ["modified"] = "i.modified",
        },
        [
            Contains("i.title"), Element("i.tags_key"), Contains("i.snippet"),
            Contains("i.description"), Contains("i.type"), Element("i.type_keywords_key"),
        ]);

    /// <summary>Public; the viewer's org-wide items; own items; items shared to the viewer's groups; all of the org for admins.</summary>
    public static string Visibility(Viewer viewer, QueryArgs args)
    {
        if (viewer.Username is not { } username)
        {
            return "i.access = 'public'";
        }

        var user = args.Add(Keys.Of(username));
        var org = args.Add(viewer.OrgId);
        var admin = viewer.IsAdmin ? $" OR i.org_id = {org}" : string.Empty;
        return $"""
            (i.access = 'public' OR (i.org_id = {org} AND i.access = 'org') OR i.owner_key = {user}{admin}
             OR EXISTS (SELECT 1 FROM item_shares s JOIN group_members m ON m.group_id = s.group_id
                        WHERE s.item_id = i.id AND m.username_key = {user}))
            """;
    }

    /// <summary>numviews is not stored, so it orders like modified.</summary>
    public static string OrderBy(string? sortField, SortOrder order, string collation)
    {
        var direction = order == SortOrder.Desc ? "DESC" : "ASC";
        return sortField?.ToLowerInvariant() switch
        {
            "title" => $"lower(i.title) {collation} {direction}, i.id",
            "type" => $"lower(i.type) {collation} {direction}, i.id",
            "owner" => $"i.owner_key {collation} {direction}, i.id",
            "created" => $"i.created {direction}, i.id",
            "modified" or "numviews" => $"i.modified {direction}, i.id",
            _ => "i.modified DESC, i.id",
        };
    }

    private static string SharedTo(TermNode term, QueryArgs args) =>
        $"EXISTS (SELECT 1 FROM item_shares gs WHERE gs.item_id = i.id AND gs.group_id = {args.Add(Keys.Of(term.Value))})";
}
