using System.Data.Common;
using Geohooks.Core.Delivery;

namespace Geohooks.Storage.Sql.Repositories;

/// <summary>The delivery_attempts table's columns, insert and row mapping.</summary>
internal static class AttemptRows
{
    public const string Columns =
        "id, delivery_id, webhook_id, number, started_at, duration_ms, request_headers, response_status, " +
        "response_headers, response_body, error, succeeded";

    public const string Insert = """
        INSERT INTO delivery_attempts (delivery_id, webhook_id, number, started_at, duration_ms, request_headers,
            response_status, response_headers, response_body, error, succeeded)
        VALUES (@delivery_id, @webhook_id, @number, @started_at, @duration_ms, @request_headers,
            @response_status, @response_headers, @response_body, @error, @succeeded)
        """;

    private static readonly string[] Names =
        ["delivery_id", "webhook_id", "number", "started_at", "duration_ms", "request_headers", "response_status", "response_headers", "response_body", "error", "succeeded"];

    /// <summary>One statement inserting <paramref name="count"/> attempts, parameters suffixed with the row index.</summary>
    public static string InsertSql(int count) =>
        "INSERT INTO delivery_attempts (" + string.Join(", ", Names) + ") VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(row => "(" + string.Join(", ", Names.Select(n => $"@{n}{row}")) + ")"));

    /// <summary>The insert's arguments, written into <paramref name="into"/> when given (a session reusing one set per row).</summary>
    public static SqlArgs Args(long deliveryId, string webhookId, DeliveryAttempt attempt, SqlArgs? into = null)
    {
        var args = into ?? new SqlArgs(Names.Length);
        args["delivery_id"] = deliveryId;
        args["webhook_id"] = webhookId;
        args["number"] = attempt.Number;
        args["started_at"] = attempt.StartedAt;
        args["duration_ms"] = attempt.DurationMs;
        args["request_headers"] = attempt.RequestHeaders;
        args["response_status"] = attempt.ResponseStatus;
        args["response_headers"] = attempt.ResponseHeaders;
        args["response_body"] = attempt.ResponseBody;
        args["error"] = attempt.Error;
        args["succeeded"] = attempt.Succeeded;
        return args;
    }

    public static DeliveryAttempt Read(DbDataReader r) => new()
    {
        Id = r.Long(0),
        DeliveryId = r.Long(1),
        WebhookId = r.Text(2),
        Number = r.Int(3),
        StartedAt = r.Long(4),
        DurationMs = r.Int(5),
        RequestHeaders = r.Text(6),
        ResponseStatus = r.IntOrNull(7),
        ResponseHeaders = r.TextOrNull(8),
        ResponseBody = r.TextOrNull(9),
        Error = r.TextOrNull(10),
        Succeeded = r.Bool(11),
    };
}
