using System.Data.Common;
using Geohooks.Core.Portal;
using Geohooks.Core.Storage;

namespace Geohooks.Storage.Sql.Repositories;

internal sealed class SqlOrgRepository(SqlContext db) : IOrgRepository
{
    private const string Columns = "id, name, url_key, description, created, modified";

    public Task<Org?> GetDefaultAsync(CancellationToken cancellationToken) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM orgs ORDER BY created, id LIMIT 1", null, Read, cancellationToken);

    public Task<Org?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync($"SELECT {Columns} FROM orgs WHERE id = @id", new SqlArgs { ["id"] = id }, Read, cancellationToken);

    public Task InsertAsync(Org org, CancellationToken cancellationToken) =>
        db.ExecuteUniqueAsync(
            $"INSERT INTO orgs ({Columns}) VALUES (@id, @name, @url_key, @description, @created, @modified)",
            Args(org),
            $"Organization '{org.Id}'",
            cancellationToken);

    public Task UpdateAsync(Org org, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE orgs SET name = @name, url_key = @url_key, description = @description, created = @created, modified = @modified WHERE id = @id",
            Args(org),
            cancellationToken);

    private static SqlArgs Args(Org org) => new()
    {
        ["id"] = org.Id,
        ["name"] = org.Name,
        ["url_key"] = org.UrlKey,
        ["description"] = org.Description,
        ["created"] = org.Created,
        ["modified"] = org.Modified,
    };

    private static Org Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        Name = r.Text(1),
        UrlKey = r.Text(2),
        Description = r.TextOrNull(3),
        Created = r.Long(4),
        Modified = r.Long(5),
    };
}
