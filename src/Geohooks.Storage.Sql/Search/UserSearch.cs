using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;
using static Geohooks.Storage.Sql.Search.TermRules;

namespace Geohooks.Storage.Sql.Search;

/// <summary>How user queries map onto the <c>users u</c> table.</summary>
internal static class UserSearch
{
    public static readonly SearchSchema Schema = new(
        new Dictionary<string, TermRule>(StringComparer.OrdinalIgnoreCase)
        {
            ["username"] = Key("u.username_key"),
            ["fullname"] = Contains("u.full_name"),
            ["firstname"] = Contains("u.first_name"),
            ["lastname"] = Contains("u.last_name"),
            ["email"] = Contains("u.email"),
            ["role"] = Equal("u.role", role => Roles.Normalize(role) ?? role),
            ["provider"] = Equal("u.provider"),
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["created"] = "u.created",
            ["modified"] = "u.modified",
        },
        [Contains("u.username_key"), Contains("u.full_name"), Contains("u.first_name"), Contains("u.last_name")]);

    public static string Visibility(Viewer viewer, QueryArgs args)
    {
        if (viewer.Username is not { } username)
        {
            return "u.access = 'public'";
        }

        var user = args.Add(Keys.Of(username));
        var org = args.Add(viewer.OrgId);
        return viewer.IsAdmin
            ? $"(u.access = 'public' OR u.org_id = {org} OR u.username_key = {user})"
            : $"(u.access = 'public' OR (u.org_id = {org} AND u.access = 'org') OR u.username_key = {user})";
    }

    public static string OrderBy(string? sortField, SortOrder order, string collation)
    {
        var direction = order == SortOrder.Desc ? "DESC" : "ASC";
        return sortField?.ToLowerInvariant() switch
        {
            "username" => $"u.username_key {collation} {direction}",
            "fullname" => $"lower(u.full_name) {collation} {direction}, u.username_key {collation}",
            "created" => $"u.created {direction}, u.username_key {collation}",
            _ => $"u.username_key {collation} ASC",
        };
    }
}
