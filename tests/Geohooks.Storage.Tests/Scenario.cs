using Geohooks.Core.Portal;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Tests;

/// <summary>
/// Builds records that cannot collide with other tests sharing the database: a fresh org, usernames with a
/// unique suffix, and a tag on every item so searches can be scoped to this test.
/// </summary>
public sealed partial class Scenario
{
    public const long T0 = 1_700_000_000_000;

    private readonly string suffix = Guid.NewGuid().ToString("N")[..10];

    public string OrgId { get; } = NewId();

    /// <summary>Every item and group of this scenario carries this tag.</summary>
    public string Tag => "scope" + suffix;

    public static string NewId() => Guid.NewGuid().ToString("N");

    public string Name(string stem) => $"{stem}_{suffix}";

    public User User(string stem, string role = Roles.User, string access = "org", string? orgId = null) => new()
    {
        Id = NewId(),
        OrgId = orgId ?? OrgId,
        Username = Name(stem),
        FirstName = "First " + stem,
        LastName = "Last " + stem,
        FullName = $"{stem} Fullname",
        Email = $"{stem}@example.com",
        Role = role,
        Access = access,
        Tags = [Tag],
        Created = T0,
        Modified = T0,
    };

    public Item Item(string owner, string title, string access = ItemAccess.Private, long created = T0, string? orgId = null) => new()
    {
        Id = NewId(),
        OrgId = orgId ?? OrgId,
        Owner = owner,
        Title = title,
        Type = "Feature Service",
        Tags = [Tag],
        Access = access,
        Created = created,
        Modified = created,
    };

    public Group Group(string owner, string title, string access = "private", string? orgId = null) => new()
    {
        Id = NewId(),
        OrgId = orgId ?? OrgId,
        Title = Name(title),
        Owner = owner,
        Tags = [Tag],
        Access = access,
        Created = T0,
        Modified = T0,
    };

    public PortalEvent Event(string operation, string targetId = "target") => new()
    {
        Id = NewId(),
        OrgId = OrgId,
        Source = EventSources.Item,
        Operation = operation,
        TargetId = targetId,
        Username = Name("actor"),
        UserId = NewId(),
        When = T0,
        Properties = $$"""{"op":"{{operation}}"}""",
    };

    public Viewer Admin => new(Name("admin"), OrgId, IsAdmin: true);

    public SearchRequest Request(SearchNode query, Viewer viewer, string? sortField = null, SortOrder order = SortOrder.Asc, int start = 1, int num = 100) =>
        new(new AndNode([query, Q.Word("tags", Tag)]), viewer, sortField, order, start, num);

    /// <summary>Users have no searchable tags; their usernames end with this scenario's suffix instead.</summary>
    public SearchRequest UserRequest(SearchNode query, Viewer viewer, string? sortField = null, SortOrder order = SortOrder.Asc, int start = 1, int num = 100) =>
        new(new AndNode([query, Q.Word(null, suffix)]), viewer, sortField, order, start, num);
}
