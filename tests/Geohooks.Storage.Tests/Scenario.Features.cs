using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Storage.Tests;

public sealed partial class Scenario
{
    /// <summary>A point layer in 4326 with one field of every storable type, a GlobalID and attachments.</summary>
    public static readonly string EveryTypeLayerJson = """
        {"name":"Everything","geometryType":"esriGeometryPoint","hasAttachments":true,"fields":[
          {"name":"OBJECTID","type":"esriFieldTypeOID"},
          {"name":"GlobalID","type":"esriFieldTypeGlobalID"},
          {"name":"name","type":"esriFieldTypeString","length":40},
          {"name":"small","type":"esriFieldTypeSmallInteger"},
          {"name":"whole","type":"esriFieldTypeInteger"},
          {"name":"big","type":"esriFieldTypeBigInteger"},
          {"name":"single","type":"esriFieldTypeSingle"},
          {"name":"real","type":"esriFieldTypeDouble"},
          {"name":"stamp","type":"esriFieldTypeDate"},
          {"name":"day","type":"esriFieldTypeDateOnly"},
          {"name":"clock","type":"esriFieldTypeTimeOnly"},
          {"name":"moment","type":"esriFieldTypeTimestampOffset"},
          {"name":"ref","type":"esriFieldTypeGUID"},
          {"name":"bytes","type":"esriFieldTypeBlob"},
          {"name":"doc","type":"esriFieldTypeXML"}]}
        """;

    public FeatureService Service(string name) => new()
    {
        Key = 0,
        ItemId = NewId(),
        OrgId = OrgId,
        Name = Name(name),
        Definition = new ServiceDefinition { Wkid = 4326 },
        Created = T0,
        SchemaLastEditDate = T0,
    };

    public static FeatureLayer Layer(FeatureService service, string json, int id = 0)
    {
        using var document = JsonDocument.Parse(json);
        var definition = LayerDefinitionReader.Create(document.RootElement, id, 4326, new EditorTrackingInfo(), DefinitionError.Add);
        return new FeatureLayer { ServiceKey = service.Key, Definition = definition, LastEditDate = T0, SchemaLastEditDate = T0, DataLastEditDate = T0 };
    }

    public static FeatureRow Point(long oid, double x, double y, Dictionary<string, object?> attributes) => new()
    {
        ObjectId = oid,
        GlobalId = GlobalIds.New(),
        Attributes = attributes,
        Shape = FeatureShapes.Store(new NetTopologySuite.Geometries.Point(x, y)),
    };
}
