using Geohooks.Core.Errors;

namespace Geohooks.Core.Geoprocessing;

/// <summary>Errors of the GPServer resources, in the envelope every endpoint uses (spec resources §10, §11.1).</summary>
public static class GpErrors
{
    public const string InvalidInput = "Invalid or missing input parameters.";

    public const string ToolFailedMessage = "Error executing tool.";

    public static ArcGisException ServiceNotFound(string path) =>
        new(404, "Service not found.", [$"'{path}' is not a geoprocessing service of this server."]);

    public static ArcGisException TaskNotFound(string service, string task) =>
        new(404, "Task not found.", [$"'{task}' is not a task of {service}."]);

    public static ArcGisException JobNotFound(string jobId) =>
        new(404, "Job not found.", [$"Job '{jobId}' does not exist or is not yours."]);

    public static ArcGisException Input(string parameter, string why) =>
        new(400, InvalidInput, [$"'{parameter}': {why}"]);

    public static ArcGisException WrongMode(string operation, bool serviceIsAsynchronous) =>
        new(400, "Unable to complete operation.", [serviceIsAsynchronous
            ? $"Operation '{operation}' is not supported on an asynchronous geoprocessing service; use 'submitJob'."
            : $"Operation '{operation}' is not supported on a synchronous geoprocessing service; use 'execute'."]);

    public static ArcGisException NotCancellable(string jobId, string status) =>
        new(400, InvalidInput, [$"Job '{jobId}' cannot be cancelled: it is {status}."]);

    public static ArcGisException NoResult(string jobId, string status) =>
        new(400, InvalidInput, [$"Job '{jobId}' has no results: it is {status}."]);

    public static ArcGisException UnknownParameter(string name, string kind) =>
        new(400, InvalidInput, [$"'{name}' is not an {kind} parameter of this task."]);

    /// <summary>A tool gave up with a reason; the job fails with it (or, run synchronously, the call does).</summary>
    public static ArcGisException ToolFailed(string reason) =>
        new(400, ToolFailedMessage, [reason]);
}
