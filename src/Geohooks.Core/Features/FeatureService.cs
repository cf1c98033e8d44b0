using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features;

/// <summary>
/// A hosted feature service: a portal item (<see cref="ItemId"/>) plus its definition and layers. <see cref="Key"/>
/// is the database's short number for it, used to name the layers' tables.
/// </summary>
public sealed record FeatureService
{
    public required long Key { get; init; }

    public required string ItemId { get; init; }

    public required string OrgId { get; init; }

    public required string Name { get; init; }

    public required ServiceDefinition Definition { get; init; }

    /// <summary>The service's change-tracking generation; every committed edit transaction advances it by one.</summary>
    public long ServerGen { get; init; }

    public long Created { get; init; }

    /// <summary>Last change of the service definition (epoch ms).</summary>
    public long SchemaLastEditDate { get; init; }

    public IReadOnlyList<FeatureLayer> Layers { get; init; } = [];

    public FeatureLayer? FindLayer(int id) => Layers.FirstOrDefault(l => l.Definition.Id == id);
}

/// <summary>One layer or table of a service, with its bookkeeping.</summary>
public sealed record FeatureLayer
{
    public required long ServiceKey { get; init; }

    public required LayerDefinition Definition { get; init; }

    public int Id => Definition.Id;

    /// <summary>The generation of the last edit to this layer.</summary>
    public long ServerGen { get; init; }

    /// <summary>The oldest generation whose changes are still in the change log.</summary>
    public long MinServerGen { get; init; }

    public long LastEditDate { get; init; }

    public long SchemaLastEditDate { get; init; }

    public long DataLastEditDate { get; init; }

    /// <summary>The table holding this layer's features.</summary>
    public string TableName => $"features_{ServiceKey}_{Definition.Id}";
}

/// <summary>A feature as stored: typed attribute values by canonical field name, and its shape.</summary>
public sealed record FeatureRow
{
    public required long ObjectId { get; init; }

    public string? GlobalId { get; init; }

    /// <summary>Values of the attribute fields other than the object id and GlobalID (long, double, string, byte[] or null).</summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }

    public StoredShape? Shape { get; init; }
}

/// <summary>A geometry in its storage encoding, with the envelope the spatial index is built on.</summary>
public sealed record StoredShape(byte[] Bytes, double XMin, double YMin, double XMax, double YMax);

/// <summary>An axis-aligned rectangle in a layer's coordinates.</summary>
public readonly record struct Extent(double XMin, double YMin, double XMax, double YMax);
