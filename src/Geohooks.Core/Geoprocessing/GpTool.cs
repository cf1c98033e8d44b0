using System.Text.Json.Nodes;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// A task of a GP service, written in C#. Its parameters are the contract: inputs are checked against them before
/// a job is stored, and <see cref="RunAsync"/> returns one value per output parameter.
/// </summary>
public abstract class GpTool
{
    public abstract string Name { get; }

    public virtual string DisplayName => Name.Replace('_', ' ');

    public abstract string Description { get; }

    public abstract IReadOnlyList<GpParameter> Parameters { get; }

    public GpParameter? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks that need the store or the caller (a layer they may read, a field it has), run when the job is
    /// submitted so that bad input is refused at once. Throw an ArcGIS 400 to refuse.
    /// </summary>
    public virtual Task ValidateAsync(Caller caller, GpValues inputs, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Runs the task as <paramref name="caller"/>. Report through <paramref name="context"/>; stop when
    /// <paramref name="ct"/> is cancelled (a cancel request, or the server stopping); throw
    /// <see cref="GpErrors.ToolFailed"/> (or any ArcGIS error) to fail with a reason.
    /// </summary>
    public abstract Task<IReadOnlyDictionary<string, JsonNode?>> RunAsync(Caller caller, GpValues inputs, IGpJobContext context, CancellationToken ct);
}

/// <summary>What a running tool tells the job's readers.</summary>
public interface IGpJobContext
{
    /// <summary>Adds a message (<see cref="GpMessageTypes"/>); it is stored with the next progress report or at the end.</summary>
    void Message(string type, string description);

    /// <summary>Stores the job's progress (and pending messages) now; a percentage makes it a <c>step</c>.</summary>
    Task ProgressAsync(string message, int? percent, CancellationToken ct);
}
