using System.Net;
using System.Text;
using System.Text.Json;
using Geohooks.Server.Tests.Infrastructure;
using Geohooks.Server.Tests.Portal;
using Xunit.Abstractions;
using static Geohooks.Server.Tests.Features.FeatureKit;

namespace Geohooks.Server.Tests.Features;

/// <summary>
/// Bad input to the feature service endpoints gets a clear ArcGIS error and changes nothing: malformed JSON in every
/// JSON parameter, wrong types, unknown and non-numeric layer ids, invalid and hostile where clauses, wrong methods.
/// Every answer is HTTP 200 with the error envelope, never a 500 or a stack trace; after the table the target
/// service, its data and the event log are as they were.
/// </summary>
public abstract class FeatureBadInputTests(FeatureBadInputWorld world, ITestOutputHelper output)
{
    private static readonly string[] StackTraceMarkers = [" at Geohooks", "Exception", "   at ", "Npgsql", "SQLite"];

    /// <summary>
    /// One bad request. <c>Path</c> is under /arcgis with placeholders {svc} (the service), {adm} (its ArcGIS Online
    /// admin root), {ent} (its Enterprise admin root), {owner}, {oid}; <c>Parameters</c> is <c>name=value|...</c>,
    /// split at the first '=' of each pair. <c>Method</c> is GET, POST (form), POST:multipart (form fields, no file) or POST:file (form fields and a small file part).
    /// </summary>
    public sealed record Row(string Description, string Method, string Path, Tok Token, string Parameters, int Code, string? Message = null);

    public enum Tok
    {
        None,
        Admin,
        Member,
        Garbage,
    }

    private const string Create = "/sharing/rest/content/users/{owner}/createService";
    private const string Q = "{svc}/0/query";
    private const string E = "{svc}/0/applyEdits";
    private const string Where = "Cannot perform query. Invalid query parameters.";
    private const string NotSupported = "Requested operation is not supported by this service.";
    private const string Add = """{"attributes":{"name":"bad input"}}""";

    public static readonly IReadOnlyList<Row> Table =
    [
        // createService and isServiceNameAvailable
        new("createService: malformed createParameters", "POST", Create, Tok.Admin, "createParameters={\"name\":", 400, "Unable to create service."),
        new("createService: createParameters is an array", "POST", Create, Tok.Admin, "createParameters=[]", 400),
        new("createService: no createParameters", "POST", Create, Tok.Admin, "", 400),
        new("createService: no name", "POST", Create, Tok.Admin, "createParameters={}", 400),
        new("createService: path-like name", "POST", Create, Tok.Admin, "createParameters={\"name\":\"../etc\"}", 400),
        new("createService: SQL in the name", "POST", Create, Tok.Admin, "createParameters={\"name\":\"x'; DROP TABLE items;--\"}", 400),
        new("createService: unknown capability", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\",\"capabilities\":\"Query,Fly\"}", 400),
        new("createService: maxRecordCount is text", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\",\"maxRecordCount\":\"many\"}", 400),
        new("createService: maxRecordCount 0", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\",\"maxRecordCount\":0}", 400),
        new("createService: custom spatial reference", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\",\"spatialReference\":{\"wkt\":\"PROJCS[]\"}}", 400),
        new("createService: editorTrackingInfo not an object", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\",\"editorTrackingInfo\":true}", 400),
        new("createService: outputType=vectorTiles", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\"}|outputType=vectorTiles", 400),
        new("createService: a view", "POST", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\"}|isView=true", 400),
        new("createService: no token", "POST", Create, Tok.None, "createParameters={\"name\":\"newsvc1\"}", 499),
        new("createService: garbage token", "POST", Create, Tok.Garbage, "createParameters={\"name\":\"newsvc1\"}", 498),
        new("createService: plain member", "POST", "/sharing/rest/content/users/{member}/createService", Tok.Member, "createParameters={\"name\":\"newsvc1\"}", 403),
        new("createService: for another user", "POST", Create, Tok.Member, "createParameters={\"name\":\"newsvc1\"}", 403),
        new("createService: GET", "GET", Create, Tok.Admin, "createParameters={\"name\":\"newsvc1\"}", 405),
        new("isServiceNameAvailable: no token", "GET", "/sharing/rest/portals/self/isServiceNameAvailable", Tok.None, "name=x", 499),
        new("isServiceNameAvailable: no name", "GET", "/sharing/rest/portals/self/isServiceNameAvailable", Tok.Admin, "", 400),

        // service addToDefinition
        new("addToDefinition: malformed JSON", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"layers\":[", 400, "Unable to add feature service definition."),
        new("addToDefinition: not an object", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition=[1]", 400),
        new("addToDefinition: missing", "POST", "{adm}/addToDefinition", Tok.Admin, "", 400),
        new("addToDefinition: nothing to add", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={}", 400),
        new("addToDefinition: layers not an array", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"layers\":{\"name\":\"x\"}}", 400),
        new("addToDefinition: layer without a name", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"layers\":[{\"geometryType\":\"esriGeometryPoint\"}]}", 400),
        new("addToDefinition: unknown geometry type", "POST", "{ent}/addToDefinition", Tok.Admin, "addToDefinition={\"layers\":[{\"name\":\"L\",\"geometryType\":\"esriGeometryBlob\"}]}", 400),
        new("addToDefinition: unknown field type", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeRaster\"}]}]}", 400),
        new("addToDefinition: field name with a space", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"bad name\",\"type\":\"esriFieldTypeString\"}]}]}", 400),
        new("addToDefinition: field name with SQL", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"x\\\"; DROP TABLE t;--\",\"type\":\"esriFieldTypeString\"}]}]}", 400),
        new("addToDefinition: duplicate field", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeString\"},{\"name\":\"F\",\"type\":\"esriFieldTypeInteger\"}]}]}", 400),
        new("addToDefinition: negative length", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeString\",\"length\":-1}]}]}", 400),
        new("addToDefinition: default of the wrong type", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeInteger\",\"defaultValue\":\"many\"}]}]}", 400),
        new("addToDefinition: range domain on text", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeString\",\"domain\":{\"type\":\"range\",\"range\":[0,1]}}]}]}", 400),
        new("addToDefinition: unknown domain type", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"esriFieldTypeInteger\",\"domain\":{\"type\":\"inherited\"}}]}]}", 400),
        new("addToDefinition: two object id fields", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"esriFieldTypeOID\"},{\"name\":\"b\",\"type\":\"esriFieldTypeOID\"}]}]}", 400),
        new("addToDefinition: hasZ is text", "POST", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"layers\":[{\"name\":\"L\",\"geometryType\":\"esriGeometryPoint\",\"hasZ\":\"deep\"}]}", 400),
        new("addToDefinition: no token", "POST", "{adm}/addToDefinition", Tok.None, "addToDefinition={\"tables\":[{\"name\":\"T\"}]}", 499),
        new("addToDefinition: garbage token", "POST", "{ent}/addToDefinition", Tok.Garbage, "addToDefinition={\"tables\":[{\"name\":\"T\"}]}", 498),
        new("addToDefinition: member", "POST", "{adm}/addToDefinition", Tok.Member, "addToDefinition={\"tables\":[{\"name\":\"T\"}]}", 403),
        new("addToDefinition: GET", "GET", "{adm}/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\"}]}", 405),
        new("addToDefinition: unknown service", "POST", "/rest/admin/services/NoSuchService/FeatureServer/addToDefinition", Tok.Admin, "addToDefinition={\"tables\":[{\"name\":\"T\"}]}", 400),

        // layer addToDefinition
        new("layer addToDefinition: malformed JSON", "POST", "{adm}/0/addToDefinition", Tok.Admin, "addToDefinition={\"fields\":[{", 400),
        new("layer addToDefinition: existing field", "POST", "{adm}/0/addToDefinition", Tok.Admin, "addToDefinition={\"fields\":[{\"name\":\"NAME\",\"type\":\"esriFieldTypeString\"}]}", 400),
        new("layer addToDefinition: second GlobalID", "POST", "{adm}/0/addToDefinition", Tok.Admin, "addToDefinition={\"fields\":[{\"name\":\"gid2\",\"type\":\"esriFieldTypeGlobalID\"}]}", 400),
        new("layer addToDefinition: unknown layer", "POST", "{adm}/99/addToDefinition", Tok.Admin, "addToDefinition={\"fields\":[{\"name\":\"x\",\"type\":\"esriFieldTypeInteger\"}]}", 400),
        new("layer addToDefinition: GET", "GET", "{ent}/0/addToDefinition", Tok.Admin, "addToDefinition={}", 405),

        // updateDefinition
        new("updateDefinition: malformed JSON", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={capabilities:Query}", 400, "Unable to update feature service definition."),
        new("updateDefinition: not an object", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition=\"Query\"", 400),
        new("updateDefinition: missing", "POST", "{ent}/updateDefinition", Tok.Admin, "", 400),
        new("updateDefinition: unknown capability", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"capabilities\":\"Query,Synch,ChangeTracking\"}", 400),
        new("updateDefinition: maxRecordCount -5", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"maxRecordCount\":-5}", 400),
        new("updateDefinition: capabilities not a string", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"capabilities\":[\"Query\"]}", 400),
        new("updateDefinition: layer without id", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"layers\":[{\"name\":\"x\"}]}", 400),
        new("updateDefinition: unknown layer id", "POST", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"layers\":[{\"id\":99,\"name\":\"x\"}]}", 400),
        new("updateDefinition: member", "POST", "{adm}/updateDefinition", Tok.Member, "updateDefinition={\"description\":\"x\"}", 403),
        new("updateDefinition: GET", "GET", "{adm}/updateDefinition", Tok.Admin, "updateDefinition={\"description\":\"x\"}", 405),
        new("layer updateDefinition: unknown field", "POST", "{adm}/0/updateDefinition", Tok.Admin, "updateDefinition={\"fields\":[{\"name\":\"nope\",\"alias\":\"x\"}]}", 400),
        new("layer updateDefinition: shrink a string", "POST", "{adm}/0/updateDefinition", Tok.Admin, "updateDefinition={\"fields\":[{\"name\":\"name\",\"length\":5}]}", 400),
        new("layer updateDefinition: change a type", "POST", "{ent}/0/updateDefinition", Tok.Admin, "updateDefinition={\"fields\":[{\"name\":\"visits\",\"type\":\"esriFieldTypeString\"}]}", 400),
        new("layer updateDefinition: display field unknown", "POST", "{adm}/0/updateDefinition", Tok.Admin, "updateDefinition={\"displayField\":\"nope\"}", 400),
        new("layer updateDefinition: unknown layer", "POST", "{adm}/42/updateDefinition", Tok.Admin, "updateDefinition={\"name\":\"x\"}", 400),
        new("layer updateDefinition: member", "POST", "{adm}/0/updateDefinition", Tok.Member, "updateDefinition={\"name\":\"x\"}", 403),

        // deleteFromDefinition
        new("deleteFromDefinition: malformed JSON", "POST", "{adm}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"layers\":[{\"id\":0}", 400, "Unable to delete feature service definition."),
        new("deleteFromDefinition: nothing named", "POST", "{adm}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={}", 400),
        new("deleteFromDefinition: entry without id", "POST", "{adm}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"layers\":[{\"name\":\"Sites\"}]}", 400),
        new("deleteFromDefinition: id is text", "POST", "{ent}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"layers\":[{\"id\":\"zero\"}]}", 400),
        new("deleteFromDefinition: unknown layer", "POST", "{adm}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"layers\":[{\"id\":0},{\"id\":99}]}", 400),
        new("deleteFromDefinition: member", "POST", "{adm}/deleteFromDefinition", Tok.Member, "deleteFromDefinition={\"layers\":[{\"id\":0}]}", 403),
        new("deleteFromDefinition: GET", "GET", "{adm}/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"layers\":[{\"id\":0}]}", 405),
        new("layer deleteFromDefinition: object id field", "POST", "{adm}/0/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"fields\":[{\"name\":\"OBJECTID\"}]}", 400),
        new("layer deleteFromDefinition: GlobalID field", "POST", "{adm}/0/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"fields\":[{\"name\":\"GlobalID\"}]}", 400),
        new("layer deleteFromDefinition: unknown field", "POST", "{adm}/0/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"fields\":[{\"name\":\"name\"},{\"name\":\"nope\"}]}", 400),
        new("layer deleteFromDefinition: malformed JSON", "POST", "{ent}/0/deleteFromDefinition", Tok.Admin, "deleteFromDefinition={\"fields\":", 400),

        // applyEdits, add/update/deleteFeatures
        new("applyEdits: malformed adds", "POST", E, Tok.Admin, "adds=[{\"attributes\":{\"name\":\"x\"}", 400),
        new("applyEdits: adds is an object", "POST", E, Tok.Admin, "adds=" + Add, 400),
        new("applyEdits: malformed updates", "POST", E, Tok.Admin, "updates=[{\"attributes\":", 400),
        new("applyEdits: updates is a number", "POST", E, Tok.Admin, "updates=5", 400),
        new("applyEdits: malformed deletes", "POST", E, Tok.Admin, "deletes=[1,", 400),
        new("applyEdits: nothing to do", "POST", E, Tok.Admin, "", 400),
        new("applyEdits: rollbackOnFailure=maybe", "POST", E, Tok.Admin, "adds=[" + Add + "]|rollbackOnFailure=maybe", 400),
        new("applyEdits: useGlobalIds=maybe", "POST", E, Tok.Admin, "adds=[" + Add + "]|useGlobalIds=maybe", 400),
        new("applyEdits: returnEditMoment=maybe", "POST", E, Tok.Admin, "adds=[" + Add + "]|returnEditMoment=maybe", 400),
        new("applyEdits: inSR unknown", "POST", E, Tok.Admin, "adds=[{\"attributes\":{\"name\":\"x\"},\"geometry\":{\"x\":1,\"y\":1}}]|inSR=999999", 400),
        new("applyEdits: inSR malformed", "POST", E, Tok.Admin, "adds=[" + Add + "]|inSR={\"wkid\":", 400),
        new("applyEdits: malformed attachments", "POST", E, Tok.Admin, "attachments={\"adds\":[|useGlobalIds=true", 400),
        new("applyEdits: attachments is an array", "POST", E, Tok.Admin, "attachments=[]|useGlobalIds=true", 400),
        new("applyEdits: attachments without useGlobalIds", "POST", E, Tok.Admin, "attachments={\"deletes\":[\"{00000000-0000-4000-8000-000000000000}\"]}", 400),
        new("applyEdits: attachments on a table", "POST", "{svc}/1/applyEdits", Tok.Admin, "attachments={\"deletes\":[]}|useGlobalIds=true", 400, NotSupported),
        new("applyEdits: unknown layer", "POST", "{svc}/99/applyEdits", Tok.Admin, "adds=[" + Add + "]", 400),
        new("applyEdits: negative layer", "POST", "{svc}/-1/applyEdits", Tok.Admin, "adds=[" + Add + "]", 400),
        new("applyEdits: non-numeric layer", "POST", "{svc}/abc/applyEdits", Tok.Admin, "adds=[" + Add + "]", 404),
        new("applyEdits: no token", "POST", E, Tok.None, "adds=[" + Add + "]", 499),
        new("applyEdits: garbage token", "POST", E, Tok.Garbage, "adds=[" + Add + "]", 498),
        new("applyEdits: GET", "GET", E, Tok.Admin, "adds=[" + Add + "]", 405),
        new("applyEdits: unknown service", "POST", "/rest/services/NoSuchService/FeatureServer/0/applyEdits", Tok.Admin, "adds=[" + Add + "]", 400),
        new("service applyEdits: malformed edits", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":0,", 400),
        new("service applyEdits: edits is an object", "POST", "{svc}/applyEdits", Tok.Admin, "edits={\"id\":0}", 400),
        new("service applyEdits: missing edits", "POST", "{svc}/applyEdits", Tok.Admin, "", 400),
        new("service applyEdits: element without id", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"adds\":[" + Add + "]}]", 400),
        new("service applyEdits: id is text", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":\"zero\",\"adds\":[" + Add + "]}]", 400),
        new("service applyEdits: unknown layer", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":0,\"adds\":[" + Add + "]},{\"id\":99,\"adds\":[" + Add + "]}]", 400),
        new("service applyEdits: adds not an array", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":0,\"adds\":" + Add + "}]", 400),
        new("service applyEdits: returnEditMoment=maybe", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":0,\"adds\":[" + Add + "]}]|returnEditMoment=maybe", 400),
        new("service applyEdits: id is an object", "POST", "{svc}/applyEdits", Tok.Admin, "edits=[{\"id\":{\"n\":0},\"adds\":[" + Add + "]}]", 400),
        new("service applyEdits: GET", "GET", "{svc}/applyEdits", Tok.Admin, "edits=[]", 405),
        new("addFeatures: malformed features", "POST", "{svc}/0/addFeatures", Tok.Admin, "features=[{", 400),
        new("addFeatures: features is an object", "POST", "{svc}/0/addFeatures", Tok.Admin, "features=" + Add, 400),
        new("addFeatures: no features", "POST", "{svc}/0/addFeatures", Tok.Admin, "", 400),
        new("addFeatures: returnEditMoment=maybe", "POST", "{svc}/0/addFeatures", Tok.Admin, "features=[" + Add + "]|returnEditMoment=maybe", 400),
        new("addFeatures: GET", "GET", "{svc}/0/addFeatures", Tok.Admin, "features=[" + Add + "]", 405),
        new("updateFeatures: malformed features", "POST", "{svc}/0/updateFeatures", Tok.Admin, "features=[{\"attributes\":{\"OBJECTID\":1", 400),
        new("updateFeatures: returnEditMoment=maybe", "POST", "{svc}/0/updateFeatures", Tok.Admin, "features=[{\"attributes\":{\"OBJECTID\":{oid},\"name\":\"changed\"}}]|returnEditMoment=maybe", 400),
        new("updateFeatures: GET", "GET", "{svc}/0/updateFeatures", Tok.Admin, "features=[]", 405),
        new("deleteFeatures: nothing named", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "", 400),
        new("deleteFeatures: invalid where", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "where=name = ", 400, Where),
        new("deleteFeatures: injected where", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "where=1=1; DROP TABLE x", 400, Where),
        new("deleteFeatures: where on an unknown field", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "where=nope = 1", 400, Where),
        new("deleteFeatures: malformed geometry", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "geometry={\"xmin\":", 400),
        new("deleteFeatures: malformed objectIds", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "objectIds=[1,", 400),
        new("deleteFeatures: returnDeleteResults=maybe", "POST", "{svc}/0/deleteFeatures", Tok.Admin, "objectIds={oid}|returnDeleteResults=maybe", 400),
        new("deleteFeatures: GET", "GET", "{svc}/0/deleteFeatures", Tok.Admin, "where=1=1", 405),

        // attachments
        new("addAttachment: no file part", "POST:multipart", "{svc}/0/{oid}/addAttachment", Tok.Admin, "keywords=x", 400),
        new("addAttachment: uploadId", "POST:multipart", "{svc}/0/{oid}/addAttachment", Tok.Admin, "uploadId=abc", 400),
        new("addAttachment: unknown layer", "POST:multipart", "{svc}/7/{oid}/addAttachment", Tok.Admin, "keywords=x", 400),
        new("addAttachment: no token", "POST:file", "{svc}/0/{oid}/addAttachment", Tok.None, "keywords=x", 499),
        new("addAttachment: garbage token", "POST:file", "{svc}/0/{oid}/addAttachment", Tok.Garbage, "keywords=x", 498),
        new("addAttachment: GET", "GET", "{svc}/0/{oid}/addAttachment", Tok.Admin, "", 405),
        new("updateAttachment: attachmentId is text", "POST:multipart", "{svc}/0/{oid}/updateAttachment", Tok.Admin, "attachmentId=first", 400),
        new("updateAttachment: no attachmentId", "POST:multipart", "{svc}/0/{oid}/updateAttachment", Tok.Admin, "", 400),
        new("updateAttachment: GET", "GET", "{svc}/0/{oid}/updateAttachment", Tok.Admin, "attachmentId=1", 405),
        new("deleteAttachments: ids are text", "POST", "{svc}/0/{oid}/deleteAttachments", Tok.Admin, "attachmentIds=1,two", 400),
        new("deleteAttachments: no ids", "POST", "{svc}/0/{oid}/deleteAttachments", Tok.Admin, "", 400),
        new("deleteAttachments: on a table", "POST", "{svc}/1/1/deleteAttachments", Tok.Admin, "attachmentIds=1", 400, NotSupported),
        new("deleteAttachments: GET", "GET", "{svc}/0/{oid}/deleteAttachments", Tok.Admin, "attachmentIds=1", 405),

        // query: where clauses, including injection attempts
        new("query: where with a statement after it", "GET", Q, Tok.Admin, "where=1=1; DROP TABLE x", 400, Where),
        new("query: where tautology injection", "GET", Q, Tok.Admin, "where=' OR ''='", 400, Where),
        new("query: where with a line comment", "GET", Q, Tok.Admin, "where=name = 'a'--", 400, Where),
        new("query: where with a block comment", "GET", Q, Tok.Admin, "where=name = 'a' /* x */", 400, Where),
        new("query: where closing the quote", "POST", Q, Tok.Admin, "where=name = 'a' OR 'x'='x'; DELETE FROM items; --", 400, Where),
        new("query: where UNION", "GET", Q, Tok.Admin, "where=1=1 UNION SELECT username FROM users", 400, Where),
        new("query: where subquery", "GET", Q, Tok.Admin, "where=visits = (SELECT 1)", 400, Where),
        new("query: where unknown function", "GET", Q, Tok.Admin, "where=pg_sleep(5) = 1", 400, Where),
        new("query: where backend function", "GET", Q, Tok.Admin, "where=sqlite_version() = '3'", 400, Where),
        new("query: where quoted unknown identifier", "GET", Q, Tok.Admin, "where=\"secret\" = 'a'", 400, Where),
        new("query: where unknown field", "GET", Q, Tok.Admin, "where=nope = 1", 400, Where),
        new("query: where incomplete", "GET", Q, Tok.Admin, "where=name = ", 400, Where),
        new("query: where unterminated string", "GET", Q, Tok.Admin, "where=name = 'abc", 400, Where),
        new("query: where empty IN list", "GET", Q, Tok.Admin, "where=kind IN ()", 400, Where),
        new("query: where two-character ESCAPE", "GET", Q, Tok.Admin, "where=name LIKE 'a%' ESCAPE 'xy'", 400, Where),
        new("query: where text compared to a number", "GET", Q, Tok.Admin, "where=visits = 'many'", 400, Where),
        new("query: where bad timestamp", "GET", Q, Tok.Admin, "where=seen > timestamp '2024-13-01 00:00:00'", 400, Where),
        new("query: where unbalanced parenthesis", "GET", Q, Tok.Admin, "where=(visits > 1", 400, Where),
        new("query: where NUL character", "GET", Q, Tok.Admin, "where=name = 'a\u0000b'", 400),
        new("query: where bare word", "GET", Q, Tok.Admin, "where=DROP", 400, Where),
        new("query: where on the table's unknown field", "GET", "{svc}/1/query", Tok.Admin, "where=name = 'x'", 400, Where),

        // query: other parameters
        new("query: unknown outFields", "GET", Q, Tok.Admin, "outFields=name,secret", 400, Where),
        new("query: outFields with SQL", "GET", Q, Tok.Admin, "outFields=name,1;DROP TABLE x", 400, Where),
        new("query: unknown orderByFields", "GET", Q, Tok.Admin, "orderByFields=secret", 400, Where),
        new("query: orderByFields with SQL", "GET", Q, Tok.Admin, "orderByFields=name; DROP TABLE x", 400, Where),
        new("query: malformed objectIds", "GET", Q, Tok.Admin, "objectIds=1,two", 400, Where),
        new("query: malformed geometry", "GET", Q, Tok.Admin, "geometry={\"xmin\":0,", 400),
        new("query: geometry of three numbers", "GET", Q, Tok.Admin, "geometry=1,2,3", 400),
        new("query: unknown geometryType", "GET", Q, Tok.Admin, "geometry=1,2|geometryType=esriGeometryCircle", 400),
        new("query: unknown spatialRel", "GET", Q, Tok.Admin, "geometry=0,0,1,1|spatialRel=esriSpatialRelNear", 400),
        new("query: relation without a pattern", "GET", Q, Tok.Admin, "geometry=0,0,1,1|spatialRel=esriSpatialRelRelation", 400),
        new("query: distance is text", "GET", Q, Tok.Admin, "geometry=0,0|distance=far", 400),
        new("query: negative distance", "GET", Q, Tok.Admin, "geometry=0,0|distance=-5", 400),
        new("query: unknown units", "GET", Q, Tok.Admin, "geometry=0,0|distance=5|units=esriSRUnit_Parsec", 400),
        new("query: unknown inSR", "GET", Q, Tok.Admin, "geometry=0,0,1,1|inSR=999999", 400),
        new("query: unknown outSR", "GET", Q, Tok.Admin, "outSR=999999", 400),
        new("query: malformed outSR", "GET", Q, Tok.Admin, "outSR={\"wkid\":", 400),
        new("query: negative resultOffset", "GET", Q, Tok.Admin, "resultOffset=-1", 400, Where),
        new("query: resultRecordCount 0", "GET", Q, Tok.Admin, "resultRecordCount=0", 400, Where),
        new("query: resultRecordCount is text", "GET", Q, Tok.Admin, "resultRecordCount=all", 400, Where),
        new("query: returnGeometry=maybe", "GET", Q, Tok.Admin, "returnGeometry=maybe", 400, Where),
        new("query: returnCountOnly=2", "GET", Q, Tok.Admin, "returnCountOnly=2", 400, Where),
        new("query: malformed outStatistics", "GET", Q, Tok.Admin, "outStatistics=[{\"statisticType\":", 400, Where),
        new("query: outStatistics is an object", "GET", Q, Tok.Admin, "outStatistics={\"statisticType\":\"count\"}", 400, Where),
        new("query: outStatistics without a type", "GET", Q, Tok.Admin, "outStatistics=[{\"onStatisticField\":\"visits\"}]", 400, Where),
        new("query: unknown statisticType", "GET", Q, Tok.Admin, "outStatistics=[{\"statisticType\":\"median\",\"onStatisticField\":\"visits\"}]", 400, Where),
        new("query: statistic on an unknown field", "GET", Q, Tok.Admin, "outStatistics=[{\"statisticType\":\"sum\",\"onStatisticField\":\"secret\"}]", 400, Where),
        new("query: statistic name with SQL", "GET", Q, Tok.Admin, "outStatistics=[{\"statisticType\":\"sum\",\"onStatisticField\":\"visits\",\"outStatisticFieldName\":\"x; DROP TABLE t\"}]", 400, Where),
        new("query: unknown groupBy field", "GET", Q, Tok.Admin, "outStatistics=[{\"statisticType\":\"count\",\"onStatisticField\":\"visits\"}]|groupByFieldsForStatistics=secret", 400, Where),
        new("query: distinct without outFields", "GET", Q, Tok.Admin, "returnDistinctValues=true", 400, Where),
        new("query: f=xml", "GET", Q, Tok.Admin, "f=xml", 400),
        new("query: unknown layer", "GET", "{svc}/99/query", Tok.Admin, "where=1=1", 400),
        new("query: non-numeric layer", "GET", "{svc}/abc/query", Tok.Admin, "where=1=1", 404),
        new("query: no token", "GET", Q, Tok.None, "where=1=1", 499),
        new("query: garbage token", "GET", Q, Tok.Garbage, "where=1=1", 498),
        new("query: unknown service", "GET", "/rest/services/NoSuchService/FeatureServer/0/query", Tok.Admin, "where=1=1", 400),
        new("query: path-traversal service name", "GET", "/rest/services/..%2F..%2Fetc/FeatureServer/0/query", Tok.Admin, "where=1=1", 400),
        new("query: SQL in the service name", "GET", "/rest/services/x'%20OR%20'1'='1/FeatureServer/0/query", Tok.Admin, "where=1=1", 400),

        // resources
        new("layer: unknown id", "GET", "{svc}/99", Tok.Admin, "", 400),
        new("layer: f=kml", "GET", "{svc}/0", Tok.Admin, "f=kml", 400),
        new("service: garbage token", "GET", "{svc}", Tok.Garbage, "", 498),
        new("service: unknown operation", "GET", "{svc}/0/truncate", Tok.Admin, "", 404),
    ];

    public static TheoryData<string> Rows => [.. Table.Select(r => r.Description)];

    private GeohooksServer Server => world.Server;

    [Fact]
    public void Rows_are_uniquely_described()
    {
        Assert.Equal(Table.Count, Table.Select(r => r.Description).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Bad_request_gets_a_clear_error_and_changes_nothing(string description)
    {
        var row = Table.Single(r => r.Description == description);
        var before = await Server.LastEventSequenceAsync();

        var error = await SendAsync(row);
        output.WriteLine(error.ToString());

        if (row.Message is { } message)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }

        Assert.Equal(before, await Server.LastEventSequenceAsync());
    }

    [Fact]
    public async Task After_the_table_the_service_its_data_and_the_log_are_unchanged()
    {
        var definitionBefore = await Server.GetAsync($"{Svc(world.ServiceName)}/0", world.AdminToken);
        var before = await Server.LastEventSequenceAsync();
        foreach (var row in Table)
        {
            await SendAsync(row);
        }

        Assert.Equal(before, await Server.LastEventSequenceAsync());
        Assert.Equal(definitionBefore.ToString(), (await Server.GetAsync($"{Svc(world.ServiceName)}/0", world.AdminToken)).ToString());
        var service = await Server.GetAsync(Svc(world.ServiceName), world.AdminToken);
        Assert.Equal((1, 1, "Create,Delete,Query,Update,Uploads,Editing", 1000), (service.GetProperty("layers").GetArrayLength(), service.GetProperty("tables").GetArrayLength(), service.Str("capabilities"), service.GetProperty("maxRecordCount").GetInt32()));
        Assert.Equal([world.Oid], await Server.IdsAsync(world.AdminToken, world.ServiceName, 0, "1=1"));
        var feature = (await Server.FeatureAsync(world.AdminToken, world.ServiceName, 0, world.Oid)).GetProperty("attributes");
        Assert.Equal(("target", 5), (feature.Str("name"), feature.GetProperty("visits").GetInt32()));
        Assert.Equal(1, await Server.CountAsync(world.AdminToken, world.ServiceName, 1));
        Assert.True((await Server.GetAsync("portals/self/isServiceNameAvailable", world.AdminToken, ("name", "newsvc1"))).GetProperty("available").GetBoolean());

        // No unhandled error was logged while the table ran.
        Assert.DoesNotContain(Server.Logs.Lines.ToArray(), l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
    }

    /// <summary>Sends one row and returns its error object after checking the envelope (HTTP 200, JSON, no stack trace).</summary>
    private async Task<JsonElement> SendAsync(Row row)
    {
        var parameters = row.Parameters.Length == 0 ? [] : row.Parameters.Split('|').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: Fill(p.Length > 1 ? p[1] : ""))).ToList();
        if (!parameters.Any(p => p.Name == "f"))
        {
            parameters.Add(("f", "json"));
        }

        var token = row.Token switch
        {
            Tok.Admin => world.AdminToken,
            Tok.Member => world.MemberToken,
            Tok.Garbage => "not-a-token",
            _ => null,
        };
        if (token is not null)
        {
            parameters.Add(("token", token));
        }

        var url = Fill(row.Path).TrimStart('/');
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        using var request = row.Method switch
        {
            "GET" => new HttpRequestMessage(HttpMethod.Get, url + "?" + query),
            "POST" => new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))) },
            "POST:multipart" => new HttpRequestMessage(HttpMethod.Post, url) { Content = Multipart(parameters) },
            "POST:file" => new HttpRequestMessage(HttpMethod.Post, url) { Content = Multipart(parameters, withFile: true) },
            _ => throw new InvalidOperationException(row.Method),
        };
        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{row.Description}: HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        foreach (var marker in StackTraceMarkers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out _), $"{row.Description}: expected error {row.Code}, got {body}");
        var error = body.GetProperty("error");
        Assert.True(error.GetProperty("code").GetInt32() == row.Code, $"{row.Description}: expected {row.Code}, got {body}");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), body.ToString());
        Assert.All(error.GetProperty("details").EnumerateArray(), d => Assert.Equal(JsonValueKind.String, d.ValueKind));
        Assert.Single(body.EnumerateObject());
        return error;
    }

    private static MultipartFormDataContent Multipart(List<(string Name, string Value)> parameters, bool withFile = false)
    {
        var content = new MultipartFormDataContent();
        if (withFile)
        {
            content.Add(new ByteArrayContent([1, 2, 3]), "attachment", "file.bin");
        }

        foreach (var (name, value) in parameters)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    private string Fill(string text) => text
        .Replace("{svc}", Svc(world.ServiceName), StringComparison.Ordinal)
        .Replace("{adm}", AdminSvc(world.ServiceName), StringComparison.Ordinal)
        .Replace("{ent}", EnterpriseAdminSvc(world.ServiceName), StringComparison.Ordinal)
        .Replace("{owner}", Admin, StringComparison.Ordinal)
        .Replace("{member}", world.Member, StringComparison.Ordinal)
        .Replace("{oid}", world.Oid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>
/// What the table aims at, set up once: an org-shared Sites service owned by the admin with one feature and one table
/// row, and a plain member.
/// </summary>
public abstract class FeatureBadInputWorld : IAsyncLifetime
{
    private GeohooksServer? _server;

    public GeohooksServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public string AdminToken { get; private set; } = "";

    public string Member { get; } = Unique.Name("member");

    public string MemberToken { get; private set; } = "";

    public string ServiceName { get; } = Unique.Name("Target");

    public long Oid { get; private set; }

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        AdminToken = await Server.AdminTokenAsync();
        MemberToken = await Server.CreateUserAsync(AdminToken, Member);
        var item = await Server.CreateServiceWithAsync(AdminToken, Admin, ServiceName);
        (await Server.PostAsync($"content/users/{Admin}/items/{item}/share", AdminToken, ("org", "true"))).GetProperty("notSharedWith");
        Oid = Assert.Single(await Server.AddAsync(AdminToken, ServiceName, 0, """[{"attributes":{"name":"target","visits":5},"geometry":{"x":1,"y":1}}]"""));
        await Server.AddAsync(AdminToken, ServiceName, 1, """[{"attributes":{"note":"row"}}]""");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<GeohooksServer> StartAsync();
}

public sealed class SqliteFeatureBadInputWorld : FeatureBadInputWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartSqliteAsync();
}

public sealed class PostgresFeatureBadInputWorld : FeatureBadInputWorld
{
    protected override Task<GeohooksServer> StartAsync() => GeohooksServer.StartPostgresAsync();
}

public sealed class SqliteFeatureBadInputTests(SqliteFeatureBadInputWorld world, ITestOutputHelper output)
    : FeatureBadInputTests(world, output), IClassFixture<SqliteFeatureBadInputWorld>
{
    /// <summary>The body limit is a transport concern, the same on every store; checked once, on SQLite.</summary>
    [Fact]
    public async Task Oversized_edits_and_uploads_get_413_and_write_nothing()
    {
        await using var server = await GeohooksServer.StartSqliteAsync(null, "--max-body-mb", "1");
        var admin = await server.AdminTokenAsync();
        var name = Unique.Name("Big");
        await server.CreateServiceWithAsync(admin, Admin, name);
        var oid = Assert.Single(await server.AddAsync(admin, name, 0, """[{"attributes":{"name":"small"}}]"""));
        var before = await server.LastEventSequenceAsync();
        var big = new string('x', 2 * 1024 * 1024);

        using (var form = new FormUrlEncodedContent([new("f", "json"), new("token", admin), new("adds", $$$"""[{"attributes":{"name":"big","doc":"{{{big}}}"}}]""")]))
        {
            await BadInputTests.PostOversizedAsync(server, $"{Svc(name).TrimStart('/')}/0/applyEdits?f=json", form);
        }

        using (var multipart = new MultipartFormDataContent
        {
            { new StringContent("json"), "f" },
            { new StringContent(admin), "token" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(big)), "attachment", "big.bin" },
        })
        {
            await BadInputTests.PostOversizedAsync(server, $"{Svc(name).TrimStart('/')}/0/{oid}/addAttachment?f=json", multipart);
        }

        Assert.Equal(before, await server.LastEventSequenceAsync());
        Assert.Equal(1, await server.CountAsync(admin, name, 0));

        // Still serving, and a body under the limit is accepted.
        var small = await server.PostFileAsync($"{Svc(name)}/0/{oid}/addAttachment", admin, "attachment", "ok.bin", "application/octet-stream", new byte[512 * 1024]);
        Assert.True(small.GetProperty("addAttachmentResult").GetProperty("success").GetBoolean(), small.ToString());
    }
}

public sealed class PostgresFeatureBadInputTests(PostgresFeatureBadInputWorld world, ITestOutputHelper output)
    : FeatureBadInputTests(world, output), IClassFixture<PostgresFeatureBadInputWorld>;
