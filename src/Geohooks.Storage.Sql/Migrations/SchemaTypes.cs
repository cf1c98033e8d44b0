namespace Geohooks.Storage.Sql.Migrations;

/// <summary>The few column types that are spelled differently per dialect.</summary>
/// <param name="Blob">Binary content: BLOB or BYTEA.</param>
/// <param name="SequenceKey">A generated, ever-increasing BIGINT primary key.</param>
public sealed record SchemaTypes(string Blob, string SequenceKey)
{
    public string Render(string template) => template
        .Replace("{blob}", Blob, StringComparison.Ordinal)
        .Replace("{sequence_key}", SequenceKey, StringComparison.Ordinal);
}
