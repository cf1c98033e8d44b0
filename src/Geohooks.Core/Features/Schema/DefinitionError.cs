using Geohooks.Core.Errors;

namespace Geohooks.Core.Features.Schema;

/// <summary>The failures of the admin definition operations, worded as ArcGIS words them (spec resources §9).</summary>
public static class DefinitionError
{
    public const string Add = "Unable to add feature service definition.";
    public const string Update = "Unable to update feature service definition.";
    public const string Delete = "Unable to delete feature service definition.";
    public const string Create = "Unable to create service.";

    public static ArcGisException Of(string operation, string detail) => new(400, operation, [detail]);
}
