namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// A GP service of the catalog: where it lives (<c>rest/services/&lt;Folder&gt;/&lt;Name&gt;/GPServer</c>), whether
/// its tasks run as jobs (<c>submitJob</c>) or in the request (<c>execute</c>), and its tasks.
/// </summary>
public sealed class GpServiceInfo(string folder, string name, string description, bool isAsynchronous, IReadOnlyList<GpTool> tasks)
{
    /// <summary>Results carry at most this many features or rows; more sets <c>exceededTransferLimit</c>.</summary>
    public const int MaximumRecords = 1000;

    public string Folder { get; } = folder;

    public string Name { get; } = name;

    public string Description { get; } = description;

    public bool IsAsynchronous { get; } = isAsynchronous;

    public IReadOnlyList<GpTool> Tasks { get; } = tasks;

    public IReadOnlyList<string> TaskNames => [.. Tasks.Select(t => t.Name)];

    /// <summary>The service's path below <c>rest/services</c>, e.g. <c>Tools/FeatureAnalysis</c>.</summary>
    public string Path => Folder.Length == 0 ? Name : Folder + "/" + Name;

    public string ExecutionType => IsAsynchronous ? "esriExecutionTypeAsynchronous" : "esriExecutionTypeSynchronous";

    public GpTool? FindTask(string name) => Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
