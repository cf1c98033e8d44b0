using Geohooks.Core.Features.Schema;

namespace Geohooks.Storage.Tests.Features;

/// <summary>
/// A feature table with one column per field type, stored the way feature tables are (integers, doubles, dates as
/// epoch milliseconds, date-only / time-only / offset values as ISO text with offsets in UTC, braced upper-case
/// GUIDs), and a dozen rows chosen to tell case, NULL, escape and date-boundary behaviour apart.
/// </summary>
public static class WhereTable
{
    public const string Name = "where_features";

    public const string GeometryColumn = "__shape";

    /// <summary>CURRENT_* in every translation: 2024-03-10T12:00:00Z.</summary>
    public static readonly long NowEpochMs = Ms("2024-03-10T12:00:00.000Z");

    public static readonly IReadOnlyList<FieldDefinition> Fields =
    [
        Field("ObjectID", FieldType.Oid),
        Field("Name", FieldType.String),
        Field("Code", FieldType.String),
        Field("Small", FieldType.SmallInteger),
        Field("Count", FieldType.Integer),
        Field("Big", FieldType.BigInteger),
        Field("Ratio", FieldType.Single),
        Field("Amount", FieldType.Double),
        Field("Created", FieldType.Date),
        Field("Day", FieldType.DateOnly),
        Field("Opens", FieldType.TimeOnly),
        Field("Arrival", FieldType.TimestampOffset),
        Field("GlobalID", FieldType.GlobalId),
        Field("Notes", FieldType.String),
        Field("Photo", FieldType.Blob),
    ];

    /// <summary>The rows, in field order, then whether the row has a shape.</summary>
    public static readonly IReadOnlyList<object?[]> Rows =
    [
        Row(1, "Alpha", "AL", 1, 10, 10_000_000_000, 0.5f, 1.5, "2020-01-01T00:00:00.000Z", "2020-01-01", "08:00:00", "2020-01-01T08:00:00.000Z", null, [1, 2, 3], true),
        Row(2, "alpha", "Al", 2, 20, 20, 0.25f, 2.25, "2020-06-15T12:30:45.500Z", "2020-06-15", "09:30:00", "2020-06-15T20:00:00.000Z", null, null, true),
        Row(3, "Beta", "be", -3, 30, 30, 0.1f, -1.5, "2024-03-10T10:00:00.000Z", "2024-03-10", "12:30:00", "2024-03-10T09:00:00.000Z", null, null, false),
        Row(4, "École", "ÉC", 4, 40, 40, 1.0f, 10.0, "2024-03-07T12:00:00.000Z", "2024-03-07", "13:00:00", "2024-03-07T23:30:00.000Z", null, null, true),
        Row(5, "école", "éc", 5, 11, 5, 2.5f, 0.125, "2021-12-31T23:59:59.999Z", "2021-12-31", "23:59:59", "2021-12-31T23:59:59.999Z", null, null, true),
        Row(6, "50% off", "50", 6, 12, 6, 3.0f, 3.0, "2022-02-28T06:07:08.000Z", "2022-02-28", "06:07:08", "2022-02-28T06:07:08.000Z", null, null, true),
        Row(7, "50_50", "5_", 7, 13, 7, 3.5f, 3.5, "2022-03-01T00:00:00.000Z", "2022-03-01", "00:00:00", "2022-03-01T00:00:00.000Z", null, null, true),
        Row(8, @"a\b", @"a\", 8, 14, 8, 4.0f, 4.0, "2023-07-04T18:00:00.000Z", "2023-07-04", "18:00:00", "2023-07-04T18:00:00.000Z", null, null, true),
        Row(9, "O'Brien", "OB", 9, 15, 9, 4.5f, 4.5, "1969-12-31T23:59:59.999Z", "1969-12-31", "23:59:59", "1969-12-31T23:59:59.999Z", null, null, true),
        [10, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
        Row(11, "GAMMA ray", "GA", 11, 100, -100, 5.0f, 100.0, "2024-03-09T12:00:00.001Z", "2024-03-09", "11:59:59", "2024-03-09T12:00:00.001Z", null, null, true),
        Row(12, "[x]*?", "[x", 12, 0, 0, 0.0f, 0.0, "2024-03-11T00:00:00.000Z", "2024-03-11", "12:00:00", "2024-03-11T00:00:00.000Z", "  padded  ", null, true),
    ];

    /// <summary>CREATE TABLE with the given SQL type names for integer, smallint, bigint, float4, float8, text and blob.</summary>
    public static string CreateTable(string integer, string smallint, string bigint, string float4, string float8, string text, string blob) => $"""
        CREATE TABLE {Name} (
            "ObjectID" {bigint} PRIMARY KEY, "Name" {text}, "Code" {text}, "Small" {smallint}, "Count" {integer},
            "Big" {bigint}, "Ratio" {float4}, "Amount" {float8}, "Created" {bigint}, "Day" {text}, "Opens" {text},
            "Arrival" {text}, "GlobalID" {text}, "Notes" {text}, "Photo" {blob}, "{GeometryColumn}" {blob})
        """;

    public static string Insert => $"""
        INSERT INTO {Name} ({string.Join(", ", Fields.Select(f => $"\"{f.Name}\""))}, "{GeometryColumn}")
        VALUES ({string.Join(", ", Enumerable.Range(0, Fields.Count + 1).Select(i => $"@p{i}"))})
        """;

    public static string Select(string where) => $"SELECT \"ObjectID\" FROM {Name} WHERE {where} ORDER BY \"ObjectID\"";

    public static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Type = type };

    private static object?[] Row(
        long id, string name, string code, short small, int count, long big, float ratio, double amount,
        string created, string day, string opens, string arrival, string? notes, byte[]? photo, bool shape) =>
    [
        id, name, code, small, count, big, ratio, amount, Ms(created), day, opens, arrival,
        $"{{00000000-0000-0000-0000-{id:X12}}}", notes, photo, shape ? new byte[] { 0 } : null,
    ];
}
