using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Editing;

/// <summary>
/// Turns the <c>attributes</c> of an edited feature into typed column values, checking each against its field:
/// type, length, nullability and domain. Attributes that name no field, and values for fields the server maintains
/// (object id, GlobalID, editor tracking, non-editable fields), are ignored as ArcGIS ignores them, so features read
/// from a query can be sent back as they are.
/// </summary>
public static class AttributeReader
{
    /// <summary>The writable values present in <paramref name="attributes"/>, by canonical field name.</summary>
    public static Dictionary<string, object?> Read(JsonElement attributes, LayerDefinition layer)
    {
        if (attributes.ValueKind == JsonValueKind.Undefined || attributes.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            throw new EditFailedException(EditError.Content());
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in attributes.EnumerateObject())
        {
            var field = layer.FindField(property.Name);
            if (field is null || !field.Editable || field.Name == layer.ObjectIdField || field.Name == layer.GlobalIdField)
            {
                continue;
            }

            values[field.Name] = Convert(property.Value, field);
        }

        return values;
    }

    /// <summary>For an add: every writable field not given takes its default; then nullability is checked for all.</summary>
    public static void CompleteForInsert(Dictionary<string, object?> values, LayerDefinition layer)
    {
        foreach (var field in layer.Fields)
        {
            if (field.Editable && field.Name != layer.ObjectIdField && field.Name != layer.GlobalIdField && !values.ContainsKey(field.Name))
            {
                values[field.Name] = field.DefaultValue;
            }
        }

        foreach (var field in layer.Fields.Where(f => f.Editable && !f.Nullable))
        {
            if (values.GetValueOrDefault(field.Name) is null)
            {
                throw new EditFailedException(EditError.NotNullable(field.Name));
            }
        }
    }

    /// <summary>One JSON value as the column value of <paramref name="field"/>.</summary>
    public static object? Convert(JsonElement json, FieldDefinition field)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return field.Nullable ? null : throw new EditFailedException(EditError.NotNullable(field.Name));
        }

        object? value = field.Type switch
        {
            FieldType.String or FieldType.Xml => json.ValueKind == JsonValueKind.String ? json.GetString() : null,
            FieldType.SmallInteger => Integer(json, short.MinValue, short.MaxValue),
            FieldType.Integer => Integer(json, int.MinValue, int.MaxValue),
            FieldType.BigInteger => Integer(json, long.MinValue, long.MaxValue),
            // A Single is kept as its float32 value (widened), so that stored values and where literals agree.
            FieldType.Single => Real(json) is double d && float.IsFinite((float)d) ? (double)(float)d : null,
            FieldType.Double => Real(json),
            FieldType.Date => Date(json),
            FieldType.DateOnly => Text(json, "yyyy-MM-dd", s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
            FieldType.TimeOnly => TimeOnlyValue(json),
            FieldType.TimestampOffset => TimestampOffset(json),
            FieldType.Guid => json.ValueKind == JsonValueKind.String ? GlobalIds.Normalize(json.GetString()) : null,
            FieldType.Blob => json.ValueKind == JsonValueKind.String && json.TryGetBytesFromBase64(out var bytes) ? bytes : null,
            _ => null,
        };
        if (value is null
            || value is string text && field.Length is { } max && text.Length > max
            || !InDomain(value, field.Domain))
        {
            throw new EditFailedException(EditError.SetValueFailed(field.Name));
        }

        return value;
    }

    private static long? Integer(JsonElement json, long min, long max)
    {
        long? n = json.ValueKind switch
        {
            JsonValueKind.Number when json.TryGetInt64(out var i) => i,
            JsonValueKind.Number when json.TryGetDouble(out var d) && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
            JsonValueKind.String when long.TryParse(json.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
        return n is { } value && value >= min && value <= max ? value : null;
    }

    private static object? Real(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number when json.TryGetDouble(out var d) && double.IsFinite(d) => d,
        JsonValueKind.String when double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) => s,
        _ => null,
    };

    /// <summary>Epoch milliseconds, or an ISO-8601 string (read as UTC when it has no offset).</summary>
    private static object? Date(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number when json.TryGetInt64(out var ms) => ms,
        JsonValueKind.Number when json.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 9e15 => (long)Math.Round(d),
        JsonValueKind.String when DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t.ToUnixTimeMilliseconds(),
        _ => null,
    };

    private static string? TimeOnlyValue(JsonElement json) =>
        json.ValueKind == JsonValueKind.String && TimeOnly.TryParseExact(json.GetString(), ["HH:mm:ss", "HH:mm:ss.FFFFFFF", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : null;

    /// <summary>Stored as UTC text so that text order is time order (documented in compat.md).</summary>
    private static string? TimestampOffset(JsonElement json) =>
        json.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : null;

    private static string? Text(JsonElement json, string _, Func<string, bool> valid) =>
        json.ValueKind == JsonValueKind.String && json.GetString() is { } s && valid(s) ? s : null;

    private static bool InDomain(object value, FieldDomain? domain)
    {
        if (domain is null)
        {
            return true;
        }

        if (domain.Type == "range")
        {
            var number = value switch { long n => (double)n, double d => d, _ => double.NaN };
            return number >= domain.RangeMin && number <= domain.RangeMax;
        }

        return domain.CodedValues.Count == 0 || domain.CodedValues.Any(c => CodeEquals(c.Code, value));
    }

    private static bool CodeEquals(object code, object value) => (code, value) switch
    {
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a == b,
        _ => string.Equals(System.Convert.ToString(code, CultureInfo.InvariantCulture), System.Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal),
    };
}
