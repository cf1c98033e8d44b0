using System.Data.Common;
using Geohooks.Core.Geoprocessing;

namespace Geohooks.Storage.Sql.Geoprocessing;

/// <summary>The gp_jobs columns (results aside) and the row mapping.</summary>
internal static class GpJobRows
{
    public const string Columns =
        "id, org_id, folder, service, task, status, username, user_id, inputs, messages, progress, submitted, started, completed, updated, lease_token, lease_expires_at";

    public const string Insert = $"INSERT INTO gp_jobs ({Columns}) VALUES (@id, @org_id, @folder, @service, @task, @status, @username, @user_id, @inputs, @messages, @progress, @submitted, @started, @completed, @updated, @lease_token, @lease_expires_at)";

    public static SqlArgs Args(GpJob job) => new()
    {
        ["id"] = job.Id,
        ["org_id"] = job.OrgId,
        ["folder"] = job.Folder,
        ["service"] = job.Service,
        ["task"] = job.Task,
        ["status"] = job.Status,
        ["username"] = job.Username,
        ["user_id"] = job.UserId,
        ["inputs"] = job.Inputs,
        ["messages"] = GpJobJson.Messages(job.Messages),
        ["progress"] = GpJobJson.Progress(job.Progress),
        ["submitted"] = job.Submitted,
        ["started"] = job.Started,
        ["completed"] = job.Completed,
        ["updated"] = job.Updated,
        ["lease_token"] = job.LeaseToken,
        ["lease_expires_at"] = job.LeaseExpiresAt,
    };

    public static GpJob Read(DbDataReader r) => new()
    {
        Id = r.Text(0),
        OrgId = r.Text(1),
        Folder = r.Text(2),
        Service = r.Text(3),
        Task = r.Text(4),
        Status = r.Text(5),
        Username = r.Text(6),
        UserId = r.Text(7),
        Inputs = r.Text(8),
        Messages = GpJobJson.Messages(r.Text(9)),
        Progress = GpJobJson.Progress(r.TextOrNull(10)),
        Submitted = r.Long(11),
        Started = r.LongOrNull(12),
        Completed = r.LongOrNull(13),
        Updated = r.Long(14),
        LeaseToken = r.TextOrNull(15),
        LeaseExpiresAt = r.LongOrNull(16),
    };
}
