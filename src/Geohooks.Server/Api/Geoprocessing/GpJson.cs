using System.Text.Json.Nodes;
using Geohooks.Core.Geoprocessing;
using Geohooks.Server.Api.Features;

namespace Geohooks.Server.Api.Geoprocessing;

/// <summary>The GPServer resources' JSON (spec resources §10.1, §10.2, §10.5, §10.7), in the key order of the spec's examples.</summary>
internal static class GpJson
{
    public static object Service(GpServiceInfo service) => new
    {
        currentVersion = ServiceJson.CurrentVersion,
        serviceDescription = service.Description,
        tasks = service.TaskNames,
        executionType = service.ExecutionType,
        resultMapServerName = "",
        maximumRecords = GpServiceInfo.MaximumRecords,
        capabilities = "",
    };

    public static object Task(GpServiceInfo service, GpTool task) => new
    {
        name = task.Name,
        displayName = task.DisplayName,
        description = task.Description,
        category = "",
        helpUrl = "",
        executionType = service.ExecutionType,
        parameters = task.Parameters.Select(Parameter).ToArray(),
    };

    public static object Job(GpServiceInfo service, GpTool task, GpJob job, bool returnMessages)
    {
        var json = new Dictionary<string, object?> { ["jobId"] = job.Id, ["jobStatus"] = job.Status };
        if (job.Status == GpJobStatus.Executing && job.Progress is { } progress)
        {
            json["progress"] = progress.Percent is { } percent
                ? new { type = progress.Type, message = progress.Message, percent }
                : new { type = progress.Type, message = progress.Message };
        }

        if (job.Status == GpJobStatus.Succeeded)
        {
            json["results"] = Links(task, "results", input: false);
        }

        json["inputs"] = Links(task, "inputs", input: true);
        json["messages"] = Messages(returnMessages ? job.Messages : []);
        return json;
    }

    /// <summary>A result or input parameter: exactly <c>paramName</c>, <c>dataType</c> and <c>value</c>.</summary>
    public static object Value(GpParameter parameter, JsonNode? value) => new { paramName = parameter.Name, dataType = parameter.DataType.WireName(), value };

    public static object Messages(IReadOnlyList<GpMessage> messages) => messages.Select(m => new { type = m.Type, description = m.Description }).ToArray();

    private static Dictionary<string, object?> Parameter(GpParameter p)
    {
        var json = new Dictionary<string, object?>
        {
            ["name"] = p.Name,
            ["dataType"] = p.DataType.WireName(),
            ["displayName"] = p.DisplayName,
            ["description"] = p.Description,
            ["direction"] = p.Direction.WireName(),
            ["defaultValue"] = p.DefaultValue?.DeepClone(),
            ["parameterType"] = p.ParameterType.WireName(),
            ["category"] = "",
        };
        if (p.ChoiceList is { } choices)
        {
            json["choiceList"] = choices;
        }

        if (p.Range is { } range)
        {
            json["filter"] = new { type = "range", minimum = range.Minimum, maximum = range.Maximum };
        }

        return json;
    }

    private static Dictionary<string, object> Links(GpTool task, string kind, bool input) =>
        task.Parameters.Where(p => p.IsInput == input).ToDictionary(p => p.Name, object (p) => new { paramUrl = $"{kind}/{p.Name}" });
}
