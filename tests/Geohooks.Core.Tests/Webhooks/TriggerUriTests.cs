using Geohooks.Core.Errors;
using Geohooks.Core.Portal;
using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Tests.Webhooks;

/// <summary>Every trigger URI form of spec webhooks §2.10, with matches and non-matches.</summary>
public sealed class TriggerUriTests
{
    private const string Item = "1b1a3c914ef94c49ae55ce223cac5754";
    private const string OtherItem = "ffffffffffffffffffffffffffffffff";
    private const string Group = "ef45564655144f15b5903d05a24493d9";
    private const string UserId = "4b0a7c3f2d1e4f5a9b8c7d6e5f4a3b2c";

    private static PortalEvent Event(string source, string operation, string id) => new()
    {
        Id = "e", OrgId = "o", Source = source, Operation = operation, TargetId = id, Username = "admin", UserId = "u", When = 1,
        Properties = source == EventSources.User ? """{"username":"jsmith"}""" : "{}",
    };

    public static TheoryData<string, string, string, string, bool> Table => new()
    {
        { "/", "item", "add", Item, true },
        { "/", "user", "disable", UserId, true },
        { "/items", "item", "update", Item, true },
        { "/items", "group", "update", Group, false },
        { "/items/add", "item", "add", Item, true },
        { "/items/add", "item", "update", Item, false },
        { "/items/share", "item", "share", Item, true },
        { "/items/unshare", "item", "share", Item, false },
        { "/items/delete", "group", "delete", Group, false },
        { $"/items/{Item}", "item", "move", Item, true },
        { $"/items/{Item}", "item", "move", OtherItem, false },
        { $"/items/{Item.ToUpperInvariant()}", "item", "move", Item, true },
        { $"/items/{Item}/update", "item", "update", Item, true },
        { $"/items/{Item}/update", "item", "delete", Item, false },
        { $"/items/{Item}/update", "item", "update", OtherItem, false },
        { "/items/reassign", "item", "reassign", Item, true },
        { "/items/protect", "item", "protect", Item, true },
        { "/groups", "group", "addUsers", Group, true },
        { "/groups", "item", "add", Item, false },
        { "/groups/add", "group", "add", Group, true },
        { $"/groups/{Group}", "group", "removeUsers", Group, true },
        { $"/groups/{Group}/addUsers", "group", "addUsers", Group, true },
        { $"/groups/{Group}/addUsers", "group", "removeUsers", Group, false },
        { $"/groups/{Group}/invite", "group", "invite", Group, true },
        { "/users", "user", "update", UserId, true },
        { "/users", "item", "update", Item, false },
        { "/users/jsmith", "user", "disable", UserId, true },
        { "/users/JSMITH", "user", "disable", UserId, true },
        { "/users/other", "user", "disable", UserId, false },
        { "/users/jsmith/delete", "user", "delete", UserId, true },
        { "/users/jsmith/delete", "user", "enable", UserId, false },
        { $"/users/{UserId}/enable", "user", "enable", UserId, true },
        { "/users/disable", "user", "disable", UserId, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Matches_exactly_the_events_it_names(string uri, string source, string operation, string id, bool expected)
    {
        var e = Event(source, operation, id);
        Assert.Equal(expected, TriggerUri.Parse(uri).Matches(e, OrgPayload.SubjectUsername(e)));
    }

    [Theory]
    [InlineData("/items/update", "/items/update")]
    [InlineData("/ITEMS/Update", "/items/update")]
    [InlineData("/users/jsmith/DISABLE", "/users/jsmith/disable")]
    [InlineData("/", "/")]
    public void Normalizes_case_of_sources_and_operations(string uri, string canonical) =>
        Assert.Equal(canonical, TriggerUri.Parse(uri).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("items")]
    [InlineData("/roles")]
    [InlineData("/items/")]
    [InlineData("//items")]
    [InlineData("/items/abc/notanop")]
    [InlineData("/items/a/b/c")]
    public void Rejects_malformed_uris_with_a_400(string uri) =>
        Assert.Equal(400, Assert.Throws<ArcGisException>(() => TriggerUri.Parse(uri)).Code);
}
