using System.Data.Common;
using Geohooks.Core.Portal;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The users table's column list, its parameters from a <see cref="User"/>, and the row mapping.</summary>
internal static class UserRows
{
    public const string Columns =
        "u.id, u.org_id, u.username, u.first_name, u.last_name, u.full_name, u.email, u.description, u.role, " +
        "u.user_license_type_id, u.access, u.disabled, u.provider, u.tags, u.culture, u.region, u.units, " +
        "u.password_hash, u.created, u.modified, u.last_login";

    public const string Insert = """
        INSERT INTO users (id, org_id, username, username_key, first_name, last_name, full_name, email, description,
            role, user_license_type_id, access, disabled, provider, tags, culture, region, units, password_hash,
            created, modified, last_login)
        VALUES (@id, @org_id, @username, @username_key, @first_name, @last_name, @full_name, @email, @description,
            @role, @user_license_type_id, @access, @disabled, @provider, @tags, @culture, @region, @units, @password_hash,
            @created, @modified, @last_login)
        """;

    // The username is immutable (as in ArcGIS), so an update never touches it or its key.
    public const string Update = """
        UPDATE users SET org_id = @org_id, first_name = @first_name, last_name = @last_name, full_name = @full_name,
            email = @email, description = @description, role = @role, user_license_type_id = @user_license_type_id,
            access = @access, disabled = @disabled, provider = @provider, tags = @tags, culture = @culture,
            region = @region, units = @units, password_hash = @password_hash, created = @created,
            modified = @modified, last_login = @last_login
        WHERE id = @id
        """;

    public static SqlArgs Args(User user) => new()
    {
        ["id"] = Keys.Of(user.Id),
        ["org_id"] = user.OrgId,
        ["username"] = user.Username,
        ["username_key"] = Keys.Of(user.Username),
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["full_name"] = user.FullName,
        ["email"] = user.Email,
        ["description"] = user.Description,
        ["role"] = user.Role,
        ["user_license_type_id"] = user.UserLicenseTypeId,
        ["access"] = user.Access,
        ["disabled"] = user.Disabled,
        ["provider"] = user.Provider,
        ["tags"] = Lists.ToJson(user.Tags),
        ["culture"] = user.Culture,
        ["region"] = user.Region,
        ["units"] = user.Units,
        ["password_hash"] = user.PasswordHash,
        ["created"] = user.Created,
        ["modified"] = user.Modified,
        ["last_login"] = user.LastLogin,
    };

    public static User Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        OrgId = r.Text(1),
        Username = r.Text(2),
        FirstName = r.TextOrNull(3),
        LastName = r.TextOrNull(4),
        FullName = r.TextOrNull(5),
        Email = r.TextOrNull(6),
        Description = r.TextOrNull(7),
        Role = r.Text(8),
        UserLicenseTypeId = r.Text(9),
        Access = r.Text(10),
        Disabled = r.Bool(11),
        Provider = r.Text(12),
        Tags = r.Strings(13),
        Culture = r.TextOrNull(14),
        Region = r.TextOrNull(15),
        Units = r.TextOrNull(16),
        PasswordHash = r.TextOrNull(17),
        Created = r.Long(18),
        Modified = r.Long(19),
        LastLogin = r.Long(20),
    };
}
