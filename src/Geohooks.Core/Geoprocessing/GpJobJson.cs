using System.Text.Json;

namespace Geohooks.Core.Geoprocessing;

/// <summary>How a job's messages and progress are kept as text: the ArcGIS JSON shapes, so they read back as served.</summary>
public static class GpJobJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Messages(IReadOnlyList<GpMessage> messages) => JsonSerializer.Serialize(messages, Options);

    public static IReadOnlyList<GpMessage> Messages(string json) => JsonSerializer.Deserialize<GpMessage[]>(json, Options) ?? [];

    public static string? Progress(GpProgress? progress) => progress is null ? null : JsonSerializer.Serialize(progress, Options);

    public static GpProgress? Progress(string? json) => json is null ? null : JsonSerializer.Deserialize<GpProgress>(json, Options);
}
