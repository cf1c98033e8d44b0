using Geohooks.Core.Features.Schema;

namespace Geohooks.Storage.Sql.Features;

/// <summary>
/// What differs between the backends for feature tables: column types and the spatial index. Feature tables keep
/// their shape in <c>__shape</c> and its envelope in <c>__xmin, __ymin, __xmax, __ymax</c>; the index is built on
/// the envelope (an R*Tree kept by triggers on SQLite, a GiST index on a box expression on PostgreSQL).
/// </summary>
public interface IFeatureSqlDialect
{
    string ColumnType(FieldType type);

    /// <summary>Statements that create the spatial index of a new feature table.</summary>
    IReadOnlyList<string> CreateSpatialIndex(string table, string objectIdColumn);

    /// <summary>Statements to run before dropping a feature table.</summary>
    IReadOnlyList<string> DropSpatialIndex(string table);

    /// <summary>
    /// A predicate that is true for rows whose envelope intersects the box
    /// <c>@bxmin, @bymin, @bxmax, @bymax</c>, answered from the spatial index.
    /// </summary>
    string EnvelopeIntersects(string table, string objectIdColumn);

    /// <summary>How where clauses become SQL on this backend.</summary>
    Where.IWhereDialect Where { get; }
}

/// <summary>Identifier quoting shared by both backends: names are validated, so quoting is only for case and keywords.</summary>
public static class SqlNames
{
    public static string Quote(string name) =>
        name.Contains('"', StringComparison.Ordinal) ? throw new ArgumentException("Identifier contains a quote.", nameof(name)) : "\"" + name + "\"";
}
