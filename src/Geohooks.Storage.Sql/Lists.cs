using System.Text.Json;

namespace Geohooks.Storage.Sql;

/// <summary>How list properties are stored: JSON text to read back, and a "|a|b|" key to search elements.</summary>
internal static class Lists
{
    public static string ToJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static string ToJson(IReadOnlyList<double> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> StringsFromJson(string json) =>
        JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static IReadOnlyList<double> DoublesFromJson(string json) =>
        JsonSerializer.Deserialize<double[]>(json) ?? [];

    /// <summary>Lower-case elements between bars, so "element equals x" is LIKE '%|x|%'.</summary>
    public static string ToKey(IReadOnlyList<string> values) =>
        values.Count == 0
            ? string.Empty
            : "|" + string.Join('|', values.Select(v => Keys.Of(v).Replace('|', ' '))) + "|";
}
