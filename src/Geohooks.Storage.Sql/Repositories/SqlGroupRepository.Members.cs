using System.Data.Common;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed partial class SqlGroupRepository
{
    private const string MemberColumns = "m.group_id, m.username, m.member_type, m.joined";

    public Task<GroupMember?> FindMemberAsync(string groupId, string username, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {MemberColumns} FROM group_members m WHERE m.group_id = @group_id AND m.username_key = @username_key",
            MemberKey(groupId, username),
            ReadMember,
            cancellationToken);

    public async Task<IReadOnlyList<GroupMember>> ListMembersAsync(string groupId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {MemberColumns} FROM group_members m WHERE m.group_id = @group_id ORDER BY m.joined, m.username_key",
            new SqlArgs { ["group_id"] = Keys.Of(groupId) },
            ReadMember,
            cancellationToken);

    public Task SetMemberAsync(GroupMember member, CancellationToken cancellationToken)
    {
        var args = MemberKey(member.GroupId, member.Username);
        args["username"] = member.Username;
        args["member_type"] = member.MemberType;
        args["joined"] = member.Joined;
        return db.ExecuteAsync(
            """
            INSERT INTO group_members (group_id, username, username_key, member_type, joined)
            VALUES (@group_id, @username, @username_key, @member_type, @joined)
            ON CONFLICT (group_id, username_key)
            DO UPDATE SET username = excluded.username, member_type = excluded.member_type, joined = excluded.joined
            """,
            args,
            cancellationToken);
    }

    public Task RemoveMemberAsync(string groupId, string username, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "DELETE FROM group_members WHERE group_id = @group_id AND username_key = @username_key",
            MemberKey(groupId, username),
            cancellationToken);

    public async Task<IReadOnlyList<(Group Group, GroupMember Membership)>> ListForUserAsync(string username, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"""
            SELECT {GroupRows.Columns}, {MemberColumns}
            FROM group_members m JOIN groups g ON g.id = m.group_id
            WHERE m.username_key = @username_key
            ORDER BY g.title_key {db.Dialect.BinaryCollation}, g.id
            """,
            new SqlArgs { ["username_key"] = Keys.Of(username) },
            r => (GroupRows.Read(r), ReadMember(r, GroupRows.ColumnCount)),
            cancellationToken);

    private static SqlArgs MemberKey(string groupId, string username) => new()
    {
        ["group_id"] = Keys.Of(groupId),
        ["username_key"] = Keys.Of(username),
    };

    private static GroupMember ReadMember(DbDataReader r) => ReadMember(r, 0);

    private static GroupMember ReadMember(DbDataReader r, int first) =>
        new(r.Text(first), r.Text(first + 1), r.Text(first + 2), r.Long(first + 3));
}
