using System.Data.Common;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

internal sealed partial class SqlFeatureRepository
{
    private const string JobColumns = "j.id, j.service_key, s.item_id, j.kind, j.status, j.request, j.username, j.result, j.error, j.submitted, j.updated";

    public Task InsertJobAsync(FeatureJob job, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            INSERT INTO feature_jobs (id, service_key, kind, status, request, username, result, error, submitted, updated)
            VALUES (@id, @key, @kind, @status, @request, @username, @result, @error, @submitted, @updated)
            """,
            JobArgs(job),
            cancellationToken);

    public Task UpdateJobAsync(FeatureJob job, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE feature_jobs SET status = @status, result = @result, error = @error, updated = @updated WHERE id = @id",
            JobArgs(job),
            cancellationToken);

    public Task<FeatureJob?> FindJobAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            $"SELECT {JobColumns} FROM feature_jobs j JOIN feature_services s ON s.service_key = j.service_key WHERE j.id = @id",
            new SqlArgs { ["id"] = id },
            ReadJob,
            cancellationToken);

    public async Task<IReadOnlyList<FeatureJob>> ListUnfinishedJobsAsync(int limit, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {JobColumns} FROM feature_jobs j JOIN feature_services s ON s.service_key = j.service_key WHERE j.status IN ('Pending', 'InProgress') ORDER BY j.submitted LIMIT @limit",
            new SqlArgs { ["limit"] = limit },
            ReadJob,
            cancellationToken);

    private static SqlArgs JobArgs(FeatureJob job) => new()
    {
        ["id"] = job.Id,
        ["key"] = job.ServiceKey,
        ["kind"] = job.Kind,
        ["status"] = job.Status,
        ["request"] = job.Request,
        ["username"] = job.Username,
        ["result"] = job.Result,
        ["error"] = job.Error,
        ["submitted"] = job.Submitted,
        ["updated"] = job.Updated,
    };

    private static FeatureJob ReadJob(DbDataReader r) => new()
    {
        Id = r.Text(0),
        ServiceKey = r.Long(1),
        ServiceItemId = r.Text(2),
        Kind = r.Text(3),
        Status = r.Text(4),
        Request = r.Text(5),
        Username = r.TextOrNull(6),
        Result = r.IsDBNull(7) ? null : r.Bytes(7),
        Error = r.TextOrNull(8),
        Submitted = r.Long(9),
        Updated = r.Long(10),
    };
}
