using System.Text.Json.Nodes;

namespace Geohooks.Core.Geoprocessing;

/// <summary>The value types the built-in tools take and give (spec resources §10.3); the wire name is "GP" + the name.</summary>
public enum GpDataType
{
    String,
    Long,
    Double,
    Boolean,
    LinearUnit,
    FeatureRecordSetLayer,
    RecordSet,
}

public enum GpDirection
{
    Input,
    Output,
}

public enum GpParameterType
{
    Required,
    Optional,
    Derived,
}

/// <summary>
/// One parameter of a task as the task resource describes it (spec resources §10.2). Inputs are checked against it
/// when a job is submitted; outputs name the results a finished job serves.
/// </summary>
public sealed record GpParameter
{
    public required string Name { get; init; }

    public required GpDataType DataType { get; init; }

    public required string DisplayName { get; init; }

    public string Description { get; init; } = "";

    public GpDirection Direction { get; init; } = GpDirection.Input;

    public GpParameterType ParameterType { get; init; } = GpParameterType.Required;

    /// <summary>The value a missing optional input takes; null when it has none.</summary>
    public JsonNode? DefaultValue { get; init; }

    /// <summary>The only values a GPString input accepts (compared case-insensitively, stored as listed).</summary>
    public IReadOnlyList<string>? ChoiceList { get; init; }

    /// <summary>The inclusive range a GPLong or GPDouble input must fall in (a <c>range</c> filter).</summary>
    public (double Minimum, double Maximum)? Range { get; init; }

    public bool IsInput => Direction == GpDirection.Input;

    public static GpParameter Input(string name, GpDataType type, string description, bool required = true, JsonNode? defaultValue = null) => new()
    {
        Name = name,
        DataType = type,
        DisplayName = name.Replace('_', ' '),
        Description = description,
        ParameterType = required ? GpParameterType.Required : GpParameterType.Optional,
        DefaultValue = defaultValue,
    };

    public static GpParameter Output(string name, GpDataType type, string description) => new()
    {
        Name = name,
        DataType = type,
        DisplayName = name.Replace('_', ' '),
        Description = description,
        Direction = GpDirection.Output,
        ParameterType = GpParameterType.Derived,
    };
}

public static class GpDataTypes
{
    public static string WireName(this GpDataType type) => "GP" + type;

    public static string WireName(this GpDirection direction) => "esriGPParameterDirection" + direction;

    public static string WireName(this GpParameterType type) => "esriGPParameterType" + type;
}
