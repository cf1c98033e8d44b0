namespace Geohooks.Storage.Sql.Migrations;

/// <summary>
/// The shared migrations, in order. To change the schema, add a file with the next number and append it here;
/// never edit a migration that has shipped. A dialect that needs different SQL for one step can replace that
/// step in its own list.
/// </summary>
public static class MigrationCatalog
{
    private static readonly (int Version, string Name, string Template)[] Shared =
    [
        (1, "0001_portal", M0001Portal.Sql),
        (2, "0002_webhooks", M0002Webhooks.Sql),
        (3, "0003_claim_plan", M0003ClaimPlan.Sql),
        (4, "0004_due_order", M0004DueOrder.Sql),
        (6, "0006_features", M0006Features.Sql),
        (7, "0007_service_webhooks", M0007ServiceWebhooks.Sql),
        (8, "0008_geoprocessing", M0008Geoprocessing.Sql),
        (9, "0009_delivery_indexes", M0009DeliveryIndexes.Sql),
    ];

    /// <summary>Steps SQLite runs in place of the shared ones, by version.</summary>
    public static IReadOnlyDictionary<int, string> SqliteSteps { get; } = new Dictionary<int, string>
    {
        [9] = M0009DeliveryIndexes.SqliteSql,
    };

    /// <summary>The migrations with a dialect's types, and its own SQL for the steps in <paramref name="replaced"/> (by version).</summary>
    public static IReadOnlyList<MigrationScript> Render(SchemaTypes types, IReadOnlyDictionary<int, string>? replaced = null) =>
        [.. Shared.Select(m => new MigrationScript(m.Version, m.Name, types.Render(replaced?.GetValueOrDefault(m.Version) ?? m.Template)))];
}
