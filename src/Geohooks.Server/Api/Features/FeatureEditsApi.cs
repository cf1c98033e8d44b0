using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Editing;
using Geohooks.Core.Features.Geometry;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary>
/// Edits (spec resources §7, §8.4): layer and service applyEdits, the single-purpose add/update/deleteFeatures and
/// the multipart attachment operations. All POST only.
/// </summary>
internal static class FeatureEditsApi
{
    public static void MapFeatureEdits(this IEndpointRouteBuilder routes)
    {
        foreach (var root in FeatureServicesApi.ServiceRoots)
        {
            var layer = root + "/{layerId:int}";
            routes.MapOperation(layer + "/applyEdits", ApplyEditsAsync);
            routes.MapOperation(layer + "/addFeatures", (ArcGisRequest r, string name, int layerId, FeatureEditor editor) =>
                SingleAsync(r, name, new LayerEdits { LayerId = layerId, Adds = Features(r, "features") }, "addResults", e => e.Adds, editor));
            routes.MapOperation(layer + "/updateFeatures", (ArcGisRequest r, string name, int layerId, FeatureEditor editor) =>
                SingleAsync(r, name, new LayerEdits { LayerId = layerId, Updates = Features(r, "features") }, "updateResults", e => e.Updates, editor));
            routes.MapOperation(layer + "/deleteFeatures", DeleteFeaturesAsync);
            routes.MapOperation(root + "/applyEdits", ApplyServiceEditsAsync);
            routes.MapOperation(layer + "/{objectId:long}/addAttachment", AddAttachmentAsync);
            routes.MapOperation(layer + "/{objectId:long}/updateAttachment", UpdateAttachmentAsync);
            routes.MapOperation(layer + "/{objectId:long}/deleteAttachments", DeleteAttachmentsAsync);
        }
    }

    private static async Task<IResult> ApplyEditsAsync(ArcGisRequest r, string name, int layerId, FeatureEditor editor)
    {
        var edits = new LayerEdits
        {
            LayerId = layerId,
            Adds = Features(r, "adds"),
            Updates = Features(r, "updates"),
            Deletes = r.GetList("deletes") ?? [],
            Attachments = Attachments(r.GetJson("attachments")),
        };
        var returnEditMoment = r.GetBool("returnEditMoment") ?? false; // read before the edits commit: a bad value must write nothing
        var results = await editor.ApplyAsync(await r.CallerAsync(), name, [edits], Options(r), r.Aborted);
        return ArcGisJson.Write(r.Format, w => EditJson.WriteLayer(w, results[0], returnEditMoment, withId: false));
    }

    private static async Task<IResult> ApplyServiceEditsAsync(ArcGisRequest r, string name, FeatureEditor editor)
    {
        var json = r.GetJson("edits") ?? throw Errors.MissingParameter("edits");
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw Errors.InvalidParameter("edits", "must be a JSON array of per-layer edits.");
        }

        var edits = new List<LayerEdits>();
        foreach (var layer in json.EnumerateArray())
        {
            if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("id", out var id) || !TryGetLayerId(id, out var layerId))
            {
                throw Errors.InvalidParameter("edits", "every element needs the layer 'id'.");
            }

            edits.Add(new LayerEdits
            {
                LayerId = layerId,
                Adds = Array(layer, "adds", "edits"),
                Updates = Array(layer, "updates", "edits"),
                Deletes = layer.TryGetProperty("deletes", out var deletes) && deletes.ValueKind == JsonValueKind.Array
                    ? [.. deletes.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText())]
                    : [],
                Attachments = layer.TryGetProperty("attachments", out var attachments) ? Attachments(attachments) : null,
            });
        }

        var returnEditMoment = r.GetBool("returnEditMoment") ?? false;
        var results = await editor.ApplyAsync(await r.CallerAsync(), name, edits, Options(r), r.Aborted);
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartArray();
            foreach (var result in results)
            {
                EditJson.WriteLayer(w, result, returnEditMoment, withId: true);
            }

            w.WriteEndArray();
        });
    }

    private static async Task<IResult> SingleAsync(
        ArcGisRequest r, string name, LayerEdits edits, string key, Func<LayerEditResult, IEnumerable<EditResult>> pick, FeatureEditor editor)
    {
        var returnEditMoment = r.GetBool("returnEditMoment") ?? false;
        var results = await editor.ApplyAsync(await r.CallerAsync(), name, [edits], Options(r), r.Aborted);
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            EditJson.WriteResults(w, key, pick(results[0]));
            if (returnEditMoment)
            {
                w.WriteNumber("editMoment", results[0].EditMoment);
            }

            w.WriteEndObject();
        });
    }

    private static async Task<IResult> DeleteFeaturesAsync(ArcGisRequest r, string name, int layerId, FeatureEditor editor, FeatureQueryApi.Resolver resolver)
    {
        var ids = r.GetList("objectIds") ?? [];
        var caller = await r.CallerAsync();
        var query = resolver.DeleteQuery(r, caller);
        if (ids.Count == 0 && query is null)
        {
            throw Errors.BadRequest("'objectIds', 'where' or 'geometry' must be specified.");
        }

        var edits = new LayerEdits { LayerId = layerId, Deletes = query is null ? ids : [], DeleteQuery = query };
        var returnDeleteResults = r.GetBool("returnDeleteResults") ?? true;
        var results = await editor.ApplyAsync(caller, name, [edits], Options(r), r.Aborted);
        if (!returnDeleteResults)
        {
            return ArcGisJson.Ok(new { success = results[0].Deletes.All(d => d.Success) }, r.Format);
        }

        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            EditJson.WriteResults(w, "deleteResults", results[0].Deletes);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> AddAttachmentAsync(ArcGisRequest r, string name, int layerId, long objectId, FeatureEditor editor)
    {
        var result = await editor.AddAttachmentAsync(await r.CallerAsync(), name, layerId, objectId, await UploadAsync(r), r.Get("keywords"), r.Aborted);
        return ArcGisJson.Write(r.Format, w => WrapResult(w, "addAttachmentResult", result));
    }

    private static async Task<IResult> UpdateAttachmentAsync(ArcGisRequest r, string name, int layerId, long objectId, FeatureEditor editor)
    {
        var attachmentId = long.TryParse(r.Require("attachmentId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id : throw Errors.InvalidParameter("attachmentId", "must be an integer.");
        var result = await editor.UpdateAttachmentAsync(await r.CallerAsync(), name, layerId, objectId, attachmentId, await UploadAsync(r), r.Aborted);
        return ArcGisJson.Write(r.Format, w => WrapResult(w, "updateAttachmentResult", result));
    }

    private static async Task<IResult> DeleteAttachmentsAsync(ArcGisRequest r, string name, int layerId, long objectId, FeatureEditor editor)
    {
        var ids = (r.GetList("attachmentIds") ?? throw Errors.MissingParameter("attachmentIds"))
            .Select(t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw Errors.InvalidParameter("attachmentIds", $"'{t}' is not an attachment id."))
            .ToList();
        var results = await editor.DeleteAttachmentsAsync(await r.CallerAsync(), name, layerId, objectId, ids, r.Aborted);
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            EditJson.WriteResults(w, "deleteAttachmentResults", results);
            w.WriteEndObject();
        });
    }

    private static void WrapResult(Utf8JsonWriter w, string key, EditResult result)
    {
        w.WriteStartObject();
        w.WritePropertyName(key);
        EditJson.WriteResult(w, result);
        w.WriteEndObject();
    }

    private static async Task<AttachmentUpload> UploadAsync(ArcGisRequest r)
    {
        if (r.Get("uploadId") is not null)
        {
            throw Errors.InvalidParameter("uploadId", "uploads by id are not supported; send the file as the 'attachment' part.");
        }

        var file = r.GetFile("attachment") ?? throw Errors.MissingParameter("attachment");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, r.Aborted);
        var contentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType;
        return new AttachmentUpload(Path.GetFileName(file.FileName is { Length: > 0 } fileName ? fileName : "attachment"), contentType, buffer.ToArray());
    }

    /// <summary>A layer id given as a JSON number or a string of digits.</summary>
    private static bool TryGetLayerId(JsonElement id, out int layerId)
    {
        layerId = 0;
        return id.ValueKind switch
        {
            JsonValueKind.Number => id.TryGetInt32(out layerId),
            JsonValueKind.String => int.TryParse(id.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out layerId),
            _ => false,
        };
    }

    private static EditOptions Options(ArcGisRequest r) => new()
    {
        RollbackOnFailure = r.GetBool("rollbackOnFailure") ?? true,
        UseGlobalIds = r.GetBool("useGlobalIds") ?? false,
        InSR = SpatialReference.Parse(r.Get("inSR"), "inSR"),
    };

    private static IReadOnlyList<JsonElement> Features(ArcGisRequest r, string name)
    {
        if (r.GetJson(name) is not { } json)
        {
            return [];
        }

        return json.ValueKind == JsonValueKind.Array ? [.. json.EnumerateArray()] : throw Errors.InvalidParameter(name, "must be a JSON array of features.");
    }

    private static IReadOnlyList<JsonElement> Array(JsonElement layer, string property, string parameter)
    {
        if (!layer.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : throw Errors.InvalidParameter(parameter, $"'{property}' must be an array.");
    }

    private static AttachmentEdits? Attachments(JsonElement? json)
    {
        if (json is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Errors.InvalidParameter("attachments", "must be a JSON object with adds, updates and deletes.");
        }

        return new AttachmentEdits
        {
            Adds = Array(value, "adds", "attachments"),
            Updates = Array(value, "updates", "attachments"),
            Deletes = value.TryGetProperty("deletes", out var deletes) && deletes.ValueKind == JsonValueKind.Array
                ? [.. deletes.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!)]
                : [],
        };
    }
}
