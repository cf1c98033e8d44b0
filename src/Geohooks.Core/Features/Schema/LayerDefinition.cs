using System.Text.Json.Nodes;
using Geohooks.Core.Features.Geometry;

namespace Geohooks.Core.Features.Schema;

/// <summary>
/// A layer (with a shape) or a table (without) of a hosted feature service. The typed properties are the ones the
/// server acts on; everything else a client defines (drawingInfo, templates, types, indexes …) is kept verbatim
/// in <see cref="Extras"/> and served back as given.
/// </summary>
public sealed record LayerDefinition
{
    public required int Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Null for a table.</summary>
    public GeometryType? GeometryType { get; init; }

    public bool IsTable => GeometryType is null;

    public bool HasZ { get; init; }

    public bool HasM { get; init; }

    /// <summary>The wkid of the layer's coordinates (102100 is stored as 3857's alias and served as given).</summary>
    public int Wkid { get; init; } = 4326;

    public required string ObjectIdField { get; init; }

    /// <summary>Null when the layer has no GlobalID field.</summary>
    public string? GlobalIdField { get; init; }

    public bool HasAttachments { get; init; }

    public string? DisplayField { get; init; }

    public string Description { get; init; } = "";

    public string CopyrightText { get; init; } = "";

    /// <summary>Null: the layer follows the service's capabilities.</summary>
    public Capabilities? Capabilities { get; init; }

    public int? MaxRecordCount { get; init; }

    /// <summary>Editor tracking field names, or null when the layer has none.</summary>
    public EditFields? EditFields { get; init; }

    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    public JsonObject Extras { get; init; } = [];

    public FieldDefinition? FindField(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The editor tracking fields (<c>editFieldsInfo</c>); any of them may be absent.</summary>
public sealed record EditFields(string? CreationDateField, string? CreatorField, string? EditDateField, string? EditorField);
