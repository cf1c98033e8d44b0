using Geohooks.Core.Portal.Search;
using static Geohooks.Storage.Sql.Search.TermRules;

namespace Geohooks.Storage.Sql.Search;

/// <summary>How group queries map onto the <c>groups g</c> table.</summary>
internal static class GroupSearch
{
    public static readonly SearchSchema Schema = new(
        new Dictionary<string, TermRule>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = Key("g.id"),
            ["title"] = Contains("g.title"),
            ["owner"] = Key("g.owner_key"),
            ["tags"] = Element("g.tags_key"),
            ["description"] = Contains("g.description"),
            ["snippet"] = Contains("g.snippet"),
            ["access"] = Equal("g.access"),
            ["orgid"] = Equal("g.org_id"),
            // Groups carry no type keywords in this portal, so such a term matches no group.
            ["typekeywords"] = Nothing(),
            ["isinvitationonly"] = Flag("g.is_invitation_only"),
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["created"] = "g.created",
            ["modified"] = "g.modified",
        },
        [
            Key("g.id"), Contains("g.title"), Contains("g.description"),
            Contains("g.snippet"), Element("g.tags_key"), Key("g.owner_key"),
        ]);

    public static string Visibility(Viewer viewer, QueryArgs args)
    {
        if (viewer.Username is not { } username)
        {
            return "g.access = 'public'";
        }

        var user = args.Add(Keys.Of(username));
        var org = args.Add(viewer.OrgId);
        var admin = viewer.IsAdmin ? $" OR g.org_id = {org}" : string.Empty;
        return $"""
            (g.access = 'public' OR (g.org_id = {org} AND g.access = 'org') OR g.owner_key = {user}{admin}
             OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.username_key = {user}))
            """;
    }

    public static string OrderBy(string? sortField, SortOrder order, string collation)
    {
        var direction = order == SortOrder.Desc ? "DESC" : "ASC";
        return sortField?.ToLowerInvariant() switch
        {
            "title" => $"g.title_key {collation} {direction}, g.id",
            "owner" => $"g.owner_key {collation} {direction}, g.id",
            "created" => $"g.created {direction}, g.id",
            "modified" => $"g.modified {direction}, g.id",
            _ => $"g.title_key {collation} ASC, g.id",
        };
    }
}
