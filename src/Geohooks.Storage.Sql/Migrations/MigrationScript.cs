namespace Geohooks.Storage.Sql.Migrations;

/// <summary>One forward-only schema step. <see cref="Sql"/> may hold several statements.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql);
