using Geohooks.Core.Errors;

namespace Geohooks.Core.Features;

/// <summary>Errors of the feature service resources (spec resources §4.4, §7.1).</summary>
public static class FeatureErrors
{
    public static ArcGisException ServiceNotFound(string name) =>
        new(400, "Invalid URL", [$"Service '{name}' does not exist or is inaccessible."]);

    public static ArcGisException LayerNotFound(string id) =>
        new(400, "Invalid URL", [$"Layer '{id}' does not exist in this service."]);

    public static ArcGisException NotSupported(string detail) =>
        new(400, "Requested operation is not supported by this service.", [detail]);

    public static ArcGisException InvalidQuery(string parameter, string? why = null) =>
        new(400, "Cannot perform query. Invalid query parameters.", why is null ? [$"'{parameter}' parameter is invalid"] : [$"'{parameter}' parameter is invalid", why]);

    public static ArcGisException AttachmentNotFound(long id) =>
        new(404, "Attachment not found.", [$"Attachment {id} does not exist."]);

    public static ArcGisException FeatureNotFound(long id) =>
        new(404, "Feature not found.", [$"Feature {id} does not exist."]);
}
