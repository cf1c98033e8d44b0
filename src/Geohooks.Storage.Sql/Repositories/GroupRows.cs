using System.Data.Common;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The groups table's column list, its parameters from a <see cref="Group"/>, and the row mapping.</summary>
internal static class GroupRows
{
    public const string Columns =
        "g.id, g.org_id, g.title, g.owner, g.description, g.snippet, g.tags, g.phone, g.access, " +
        "g.is_invitation_only, g.is_view_only, g.auto_join, g.protected, g.sort_field, g.sort_order, " +
        "g.capabilities, g.created, g.modified";

    public const int ColumnCount = 18;

    public const string Insert = """
        INSERT INTO groups (id, org_id, title, title_key, owner, owner_key, description, snippet, tags, tags_key, phone,
            access, is_invitation_only, is_view_only, auto_join, protected, sort_field, sort_order, capabilities,
            created, modified)
        VALUES (@id, @org_id, @title, @title_key, @owner, @owner_key, @description, @snippet, @tags, @tags_key, @phone,
            @access, @is_invitation_only, @is_view_only, @auto_join, @protected, @sort_field, @sort_order, @capabilities,
            @created, @modified)
        """;

    public const string Update = """
        UPDATE groups SET org_id = @org_id, title = @title, title_key = @title_key, owner = @owner, owner_key = @owner_key,
            description = @description, snippet = @snippet, tags = @tags, tags_key = @tags_key, phone = @phone,
            access = @access, is_invitation_only = @is_invitation_only, is_view_only = @is_view_only,
            auto_join = @auto_join, protected = @protected, sort_field = @sort_field, sort_order = @sort_order,
            capabilities = @capabilities, created = @created, modified = @modified
        WHERE id = @id
        """;

    public static SqlArgs Args(Group group) => new()
    {
        ["id"] = Keys.Of(group.Id),
        ["org_id"] = group.OrgId,
        ["title"] = group.Title,
        ["title_key"] = Keys.Of(group.Title),
        ["owner"] = group.Owner,
        ["owner_key"] = Keys.Of(group.Owner),
        ["description"] = group.Description,
        ["snippet"] = group.Snippet,
        ["tags"] = Lists.ToJson(group.Tags),
        ["tags_key"] = Lists.ToKey(group.Tags),
        ["phone"] = group.Phone,
        ["access"] = group.Access,
        ["is_invitation_only"] = group.IsInvitationOnly,
        ["is_view_only"] = group.IsViewOnly,
        ["auto_join"] = group.AutoJoin,
        ["protected"] = group.Protected,
        ["sort_field"] = group.SortField,
        ["sort_order"] = group.SortOrder,
        ["capabilities"] = Lists.ToJson(group.Capabilities),
        ["created"] = group.Created,
        ["modified"] = group.Modified,
    };

    public static Group Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        OrgId = r.Text(1),
        Title = r.Text(2),
        Owner = r.Text(3),
        Description = r.TextOrNull(4),
        Snippet = r.TextOrNull(5),
        Tags = r.Strings(6),
        Phone = r.TextOrNull(7),
        Access = r.Text(8),
        IsInvitationOnly = r.Bool(9),
        IsViewOnly = r.Bool(10),
        AutoJoin = r.Bool(11),
        Protected = r.Bool(12),
        SortField = r.Text(13),
        SortOrder = r.Text(14),
        Capabilities = r.Strings(15),
        Created = r.Long(16),
        Modified = r.Long(17),
    };
}
