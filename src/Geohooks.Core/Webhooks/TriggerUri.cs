using Geohooks.Core.Portal;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Webhooks;

/// <summary>
/// An organization webhook trigger (spec webhooks §2.10): <c>/</c>, <c>/items</c>, <c>/items/add</c>,
/// <c>/items/&lt;id&gt;</c>, <c>/items/&lt;id&gt;/update</c>, and the same for groups and users (users by username).
/// A second segment that is an operation name is an operation; anything else is an id.
/// </summary>
public sealed record TriggerUri(string? Source, string? Id, string? Operation)
{
    public static readonly TriggerUri All = new(null, null, null);

    private static readonly Dictionary<string, string> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["items"] = EventSources.Item,
        ["groups"] = EventSources.Group,
        ["users"] = EventSources.User,
    };

    private static readonly HashSet<string> Operations = new(StringComparer.OrdinalIgnoreCase)
    {
        "add", "update", "delete", "move", "publish", "share", "unshare", "reassign", "protect", "unprotect",
        "addComment", "deleteComment", "updateComment", "invite", "addUsers", "removeUsers", "updateUsers",
        "disable", "enable",
    };

    /// <summary>Parses one URI, or throws a 400 that quotes it.</summary>
    public static TriggerUri Parse(string uri)
    {
        var text = uri.Trim();
        if (text == "/")
        {
            return All;
        }

        var parts = text.Split('/', StringSplitOptions.None);
        if (parts.Length is < 2 or > 4 || parts[0].Length != 0 || parts.Skip(1).Any(p => p.Length == 0)
            || !Sources.TryGetValue(parts[1], out var source))
        {
            throw E.InvalidParameter("events", $"'{uri}' is not a trigger URI. Use /, /items, /groups, /users, optionally followed by /<id> and/or /<operation>.");
        }

        return parts.Length switch
        {
            2 => new TriggerUri(source, null, null),
            3 when Operations.Contains(parts[2]) => new TriggerUri(source, null, Canonical(parts[2])),
            3 => new TriggerUri(source, parts[2], null),
            _ when Operations.Contains(parts[3]) => new TriggerUri(source, parts[2], Canonical(parts[3])),
            _ => throw E.InvalidParameter("events", $"'{uri}': '{parts[3]}' is not an operation."),
        };
    }

    public bool Matches(PortalEvent e, string? username)
    {
        if (Source is null ? !EventSources.IsPortal(e.Source) : Source != e.Source)
        {
            return false;
        }

        if (Id is not null && !Id.Equals(e.TargetId, StringComparison.OrdinalIgnoreCase)
            && !(e.Source == EventSources.User && Id.Equals(username, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return Operation is null || Operation.Equals(e.Operation, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() =>
        Source is null ? "/" : "/" + Source + "s" + (Id is null ? "" : "/" + Id) + (Operation is null ? "" : "/" + Operation);

    private static string Canonical(string operation) => Operations.First(o => o.Equals(operation, StringComparison.OrdinalIgnoreCase));
}
