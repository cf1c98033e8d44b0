using Geohooks.Core.Features.Schema;
using Geohooks.Storage.Sql.Features;

namespace Geohooks.Storage.Sqlite;

/// <summary>
/// SQLite feature tables: type affinities, and an R*Tree beside each table kept in step by triggers, so every
/// writer (edits, deletes by query, service deletion) maintains the index without remembering to.
/// </summary>
public sealed class SqliteFeatureDialect : IFeatureSqlDialect
{
    public static readonly SqliteFeatureDialect Instance = new();

    public string ColumnType(FieldType type) => type switch
    {
        _ when type.IsInteger() || type == FieldType.Date => "INTEGER",
        FieldType.Single or FieldType.Double => "REAL",
        FieldType.Blob => "BLOB",
        _ => "TEXT",
    };

    public IReadOnlyList<string> CreateSpatialIndex(string table, string objectIdColumn)
    {
        var rtree = SqlNames.Quote(table + "_rtree");
        var t = SqlNames.Quote(table);
        var oid = SqlNames.Quote(objectIdColumn);
        return
        [
            $"CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy)",
            $"""
            CREATE TRIGGER {SqlNames.Quote(table + "_rtree_insert")} AFTER INSERT ON {t} WHEN new.__xmin IS NOT NULL
            BEGIN INSERT INTO {rtree} VALUES (new.{oid}, new.__xmin, new.__xmax, new.__ymin, new.__ymax); END
            """,
            $"""
            CREATE TRIGGER {SqlNames.Quote(table + "_rtree_update")} AFTER UPDATE OF __xmin, __ymin, __xmax, __ymax ON {t}
            BEGIN
                DELETE FROM {rtree} WHERE id = old.{oid};
                INSERT INTO {rtree} SELECT new.{oid}, new.__xmin, new.__xmax, new.__ymin, new.__ymax WHERE new.__xmin IS NOT NULL;
            END
            """,
            $"CREATE TRIGGER {SqlNames.Quote(table + "_rtree_delete")} AFTER DELETE ON {t} BEGIN DELETE FROM {rtree} WHERE id = old.{oid}; END",
        ];
    }

    public Sql.Features.Where.IWhereDialect Where => SqliteWhereDialect.Instance;

    public IReadOnlyList<string> DropSpatialIndex(string table) => [$"DROP TABLE IF EXISTS {SqlNames.Quote(table + "_rtree")}"];

    public string EnvelopeIntersects(string table, string objectIdColumn) =>
        $"{SqlNames.Quote(objectIdColumn)} IN (SELECT id FROM {SqlNames.Quote(table + "_rtree")} WHERE minx <= @bxmax AND maxx >= @bxmin AND miny <= @bymax AND maxy >= @bymin)";
}
