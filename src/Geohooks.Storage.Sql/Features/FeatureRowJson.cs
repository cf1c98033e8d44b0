using System.Text.Json;
using Geohooks.Core.Features;

namespace Geohooks.Storage.Sql.Features;

/// <summary>
/// The change log's copy of a row before an update or a delete: its attributes and stored shape as a small JSON
/// document, with each value tagged by kind so that numbers, text and bytes come back as the same CLR types.
/// </summary>
internal static class FeatureRowJson
{
    public static string Write(FeatureRow row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("oid", row.ObjectId);
            if (row.GlobalId is { } gid)
            {
                w.WriteString("gid", gid);
            }

            w.WriteStartObject("a");
            foreach (var (name, value) in row.Attributes)
            {
                w.WriteStartArray(name);
                switch (value)
                {
                    case null: break;
                    case long n: w.WriteStringValue("i"); w.WriteNumberValue(n); break;
                    case double d: w.WriteStringValue("d"); w.WriteNumberValue(d); break;
                    case byte[] bytes: w.WriteStringValue("b"); w.WriteBase64StringValue(bytes); break;
                    default: w.WriteStringValue("s"); w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (row.Shape is { } shape)
            {
                w.WriteBase64String("shape", shape.Bytes);
                w.WriteStartArray("env");
                w.WriteNumberValue(shape.XMin);
                w.WriteNumberValue(shape.YMin);
                w.WriteNumberValue(shape.XMax);
                w.WriteNumberValue(shape.YMax);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static FeatureRow Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("a").EnumerateObject())
        {
            var value = property.Value;
            attributes[property.Name] = value.GetArrayLength() == 0 ? null : value[0].GetString() switch
            {
                "i" => value[1].GetInt64(),
                "d" => value[1].GetDouble(),
                "b" => value[1].GetBytesFromBase64(),
                _ => value[1].GetString(),
            };
        }

        StoredShape? shape = null;
        if (root.TryGetProperty("shape", out var bytes))
        {
            var env = root.GetProperty("env");
            shape = new StoredShape(bytes.GetBytesFromBase64(), env[0].GetDouble(), env[1].GetDouble(), env[2].GetDouble(), env[3].GetDouble());
        }

        return new FeatureRow
        {
            ObjectId = root.GetProperty("oid").GetInt64(),
            GlobalId = root.TryGetProperty("gid", out var gid) ? gid.GetString() : null,
            Attributes = attributes,
            Shape = shape,
        };
    }
}
