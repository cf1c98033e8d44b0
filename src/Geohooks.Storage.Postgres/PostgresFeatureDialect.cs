using Geohooks.Core.Features.Schema;
using Geohooks.Storage.Sql.Features;

namespace Geohooks.Storage.Postgres;

/// <summary>
/// PostgreSQL feature tables: exact integer and float widths, and a GiST index on the envelope as a built-in
/// <c>box</c>, which answers envelope intersection without PostGIS.
/// </summary>
public sealed class PostgresFeatureDialect : IFeatureSqlDialect
{
    public static readonly PostgresFeatureDialect Instance = new();

    public string ColumnType(FieldType type) => type switch
    {
        FieldType.SmallInteger => "smallint",
        FieldType.Integer => "integer",
        _ when type.IsInteger() || type == FieldType.Date => "bigint",
        FieldType.Single => "real",
        FieldType.Double => "double precision",
        FieldType.Blob => "bytea",
        _ => "text",
    };

    public IReadOnlyList<string> CreateSpatialIndex(string table, string objectIdColumn) =>
        [$"CREATE INDEX {SqlNames.Quote(table + "_envelope")} ON {SqlNames.Quote(table)} USING gist ({Box})"];

    public Sql.Features.Where.IWhereDialect Where => PostgresWhereDialect.Instance;

    public IReadOnlyList<string> DropSpatialIndex(string table) => [];

    public string EnvelopeIntersects(string table, string objectIdColumn) =>
        $"{Box} && box(point(CAST(@bxmin AS double precision), CAST(@bymin AS double precision)), point(CAST(@bxmax AS double precision), CAST(@bymax AS double precision)))";

    private const string Box = "box(point(__xmin, __ymin), point(__xmax, __ymax))";
}
