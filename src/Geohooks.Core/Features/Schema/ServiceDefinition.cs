using System.Text.Json.Nodes;

namespace Geohooks.Core.Features.Schema;

/// <summary>The service-level definition of a hosted feature service (spec resources §2.10, §3.1).</summary>
public sealed record ServiceDefinition
{
    public string ServiceDescription { get; init; } = "";

    public string Description { get; init; } = "";

    public string CopyrightText { get; init; } = "";

    public Capabilities Capabilities { get; init; } = Capabilities.Default;

    public int MaxRecordCount { get; init; } = 2000;

    public int Wkid { get; init; } = 102100;

    public bool AllowGeometryUpdates { get; init; } = true;

    public bool HasStaticData { get; init; }

    public string Units { get; init; } = "esriMeters";

    public EditorTrackingInfo EditorTracking { get; init; } = new();

    /// <summary>Everything else the client set (initialExtent, xssPreventionInfo …), served back verbatim.</summary>
    public JsonObject Extras { get; init; } = [];
}

/// <summary><c>editorTrackingInfo</c>: whether editor fields are stamped and who may touch whose features.</summary>
public sealed record EditorTrackingInfo
{
    public bool EnableEditorTracking { get; init; }

    public bool EnableOwnershipAccessControl { get; init; }

    public bool AllowOthersToUpdate { get; init; } = true;

    public bool AllowOthersToDelete { get; init; } = true;

    public bool AllowOthersToQuery { get; init; } = true;

    public bool AllowAnonymousToUpdate { get; init; }

    public bool AllowAnonymousToDelete { get; init; }
}
