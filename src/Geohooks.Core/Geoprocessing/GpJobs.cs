using System.Text.Json.Nodes;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// The GPServer operations (spec resources §10.4–§10.8): submitting jobs (checked now, run by the
/// <see cref="GpJobRunner"/>), reading and cancelling them, their results and inputs, and running synchronous tasks
/// in the request. A job is its submitter's: only they and their organization's administrators see or cancel it.
/// </summary>
public sealed class GpJobs(IStore store, GpCatalog catalog, GpJobRunner runner, TimeProvider time)
{
    public GpServiceInfo Service(string folder, string name) =>
        catalog.Find(folder, name) ?? throw GpErrors.ServiceNotFound(folder.Length == 0 ? name : folder + "/" + name);

    public (GpServiceInfo Service, GpTool Task) Task(string folder, string name, string task)
    {
        var service = Service(folder, name);
        return (service, service.FindTask(task) ?? throw GpErrors.TaskNotFound(service.Path, task));
    }

    public async Task<GpJob> SubmitAsync(Caller caller, string folder, string name, string task, Func<string, string?> get, CancellationToken ct)
    {
        var (service, tool) = Task(folder, name, task);
        if (!service.IsAsynchronous)
        {
            throw GpErrors.WrongMode("submitJob", serviceIsAsynchronous: false);
        }

        var inputs = GpInputParser.Parse(tool, get);
        await tool.ValidateAsync(caller, inputs, ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var job = new GpJob
        {
            Id = "j" + Ids.NewId(),
            OrgId = caller.Org.Id,
            Folder = service.Folder,
            Service = service.Name,
            Task = tool.Name,
            Status = GpJobStatus.Submitted,
            Username = caller.Username,
            UserId = caller.User.Id,
            Inputs = inputs.ToJson(),
            Messages = [new GpMessage(GpMessageTypes.Informative, "Submitted.")],
            Submitted = now,
            Updated = now,
        };
        await using var session = await store.WriteAsync(ct);
        await session.GpJobs.InsertAsync(job, ct);
        session.Signal(GpJobRunner.Channel);
        await session.CommitAsync(ct);
        return job;
    }

    public async Task<GpJob> GetAsync(Caller caller, string folder, string name, string task, string jobId, CancellationToken ct)
    {
        var (service, tool) = Task(folder, name, task);
        await using var session = await store.ReadAsync(ct);
        return Visible(caller, service, tool, jobId, await session.GpJobs.FindAsync(jobId, ct));
    }

    /// <summary>
    /// A queued job is cancelled at once (its event written with it); an executing one becomes Cancelling and its
    /// runner stops it. A finished job cannot be cancelled.
    /// </summary>
    public async Task<GpJob> CancelAsync(Caller caller, string folder, string name, string task, string jobId, CancellationToken ct)
    {
        var (service, tool) = Task(folder, name, task);
        await using var session = await store.WriteAsync(ct);
        var job = Visible(caller, service, tool, jobId, await session.GpJobs.FindAsync(jobId, ct));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (job.Status == GpJobStatus.Submitted)
        {
            var cancelled = GpJobRunner.Ended(job, GpJobStatus.Cancelled, now);
            if (await GpEvents.FinishAsync(session, cancelled, null, null, ct))
            {
                await session.CommitAsync(ct);
                return cancelled;
            }

            // A runner claimed it meanwhile: it is executing now.
            job = await session.GpJobs.FindAsync(jobId, ct) ?? throw GpErrors.JobNotFound(jobId);
        }

        if (job.Status == GpJobStatus.Executing && await session.GpJobs.RequestCancelAsync(jobId, now, ct))
        {
            await session.CommitAsync(ct);
            runner.CancelLocal(jobId);
            return job with { Status = GpJobStatus.Cancelling, Updated = now };
        }

        return job.Status == GpJobStatus.Cancelling ? job : throw GpErrors.NotCancellable(jobId, job.Status);
    }

    /// <summary>An output of a succeeded job.</summary>
    public async Task<(GpParameter Parameter, JsonNode? Value)> ResultAsync(Caller caller, string folder, string name, string task, string jobId, string parameter, CancellationToken ct)
    {
        var (service, tool) = Task(folder, name, task);
        var output = tool.FindParameter(parameter) is { IsInput: false } found ? found : throw GpErrors.UnknownParameter(parameter, "output");
        await using var session = await store.ReadAsync(ct);
        var job = Visible(caller, service, tool, jobId, await session.GpJobs.FindAsync(jobId, ct));
        if (job.Status != GpJobStatus.Succeeded || await session.GpJobs.FindResultsAsync(jobId, ct) is not { } results)
        {
            throw GpErrors.NoResult(jobId, job.Status);
        }

        return (output, JsonNode.Parse(results)?[output.Name]?.DeepClone());
    }

    /// <summary>An input of a job, as checked when it was submitted (defaults filled in).</summary>
    public async Task<(GpParameter Parameter, JsonNode? Value)> InputAsync(Caller caller, string folder, string name, string task, string jobId, string parameter, CancellationToken ct)
    {
        var job = await GetAsync(caller, folder, name, task, jobId, ct);
        var input = Task(folder, name, task).Task.FindParameter(parameter) is { IsInput: true } found ? found : throw GpErrors.UnknownParameter(parameter, "input");
        return (input, GpValues.Parse(job.Inputs)[input.Name]?.DeepClone());
    }

    /// <summary>Runs a task of a synchronous service in the request; its outputs in task order, and its messages.</summary>
    public async Task<(IReadOnlyList<(GpParameter Parameter, JsonNode? Value)> Results, IReadOnlyList<GpMessage> Messages)> ExecuteAsync(
        Caller caller, string folder, string name, string task, Func<string, string?> get, CancellationToken ct)
    {
        var (service, tool) = Task(folder, name, task);
        if (service.IsAsynchronous)
        {
            throw GpErrors.WrongMode("execute", serviceIsAsynchronous: true);
        }

        var inputs = GpInputParser.Parse(tool, get);
        await tool.ValidateAsync(caller, inputs, ct);
        var log = new GpMessageLog();
        var outputs = await tool.RunAsync(caller, inputs, log, ct);
        return ([.. tool.Parameters.Where(p => !p.IsInput).Select(p => (p, outputs.GetValueOrDefault(p.Name)))], log.Messages);
    }

    private static GpJob Visible(Caller caller, GpServiceInfo service, GpTool tool, string jobId, GpJob? job) =>
        job is not null
        && string.Equals(job.Folder, service.Folder, StringComparison.OrdinalIgnoreCase)
        && string.Equals(job.Service, service.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(job.Task, tool.Name, StringComparison.OrdinalIgnoreCase)
        && (job.UserId == caller.User.Id || (caller.IsAdmin && Access.SameOrg(caller, job.OrgId)))
            ? job
            : throw GpErrors.JobNotFound(jobId);
}
