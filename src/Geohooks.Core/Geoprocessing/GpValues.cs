using System.Text.Json.Nodes;

namespace Geohooks.Core.Geoprocessing;

/// <summary>
/// Checked input (or output) values by parameter name, as JSON. What a job stores and a tool reads: a tool gets
/// typed values through the getters, already validated by <see cref="GpInputParser"/> against its parameters.
/// </summary>
public sealed class GpValues
{
    private readonly JsonObject values;

    private GpValues(JsonObject values) => this.values = values;

    public static GpValues Parse(string json) => new(JsonNode.Parse(json)?.AsObject() ?? []);

    public IEnumerable<string> Names => values.Select(v => v.Key);

    public JsonNode? this[string name] => values[name];

    public string? String(string name) => values[name]?.GetValue<string>() is { Length: > 0 } text ? text : null;

    public long Long(string name) => values[name]?.GetValue<long>() ?? 0;

    public double Double(string name) => values[name]?.GetValue<double>() ?? 0;

    public bool Boolean(string name) => values[name]?.GetValue<bool>() ?? false;

    /// <summary>A GPLinearUnit as its distance and canonical units.</summary>
    public (double Distance, string Units) LinearUnit(string name)
    {
        var unit = values[name]!.AsObject();
        return (unit["distance"]!.GetValue<double>(), unit["units"]!.GetValue<string>());
    }

    public JsonObject Object(string name) => values[name]!.AsObject();

    public string ToJson() => values.ToJsonString();

    public override string ToString() => ToJson();
}
