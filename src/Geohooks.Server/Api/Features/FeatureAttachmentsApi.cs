using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Features.Querying;
using Geohooks.Server.Wire;

namespace Geohooks.Server.Api.Features;

/// <summary>Reading attachments (spec resources §8.1–8.3): infos per feature, the bytes, and queryAttachments.</summary>
internal static class FeatureAttachmentsApi
{
    public static void MapFeatureAttachments(this IEndpointRouteBuilder routes)
    {
        foreach (var root in FeatureServicesApi.ServiceRoots)
        {
            var layer = root + "/{layerId:int}";
            routes.MapResource(layer + "/{objectId:long}/attachments", ListAsync);
            routes.MapResource(layer + "/{objectId:long}/attachments/{attachmentId:long}", DownloadAsync);
            routes.MapResource(layer + "/queryAttachments", QueryAsync);
        }
    }

    private static async Task<IResult> ListAsync(ArcGisRequest r, string name, int layerId, long objectId, FeatureQueries queries)
    {
        var attachments = await queries.ListAttachmentsAsync(await r.CallerAsync(), name, layerId, objectId, r.Aborted);
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("attachmentInfos");
            foreach (var attachment in attachments)
            {
                AttachmentJson.Write(w, attachment);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> DownloadAsync(ArcGisRequest r, string name, int layerId, long objectId, long attachmentId, FeatureQueries queries)
    {
        var (attachment, data) = await queries.GetAttachmentAsync(await r.CallerAsync(), name, layerId, objectId, attachmentId, r.Aborted);
        return Results.File(data, attachment.ContentType, attachment.Name);
    }

    private static async Task<IResult> QueryAsync(ArcGisRequest r, string name, int layerId, FeatureQueries queries)
    {
        var query = new AttachmentQuery
        {
            // Empty parameters ("objectIds=") are not supplied (spec resources §0.1).
            ObjectIds = r.GetList("objectIds") is { Count: > 0 } ids
                ? [.. ids.Select(id => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw FeatureErrors.InvalidQuery("objectIds"))]
                : null,
            GlobalIds = r.GetList("globalIds") is { Count: > 0 } globalIds ? globalIds : null,
            DefinitionExpression = r.Get("definitionExpression"),
            AttachmentTypes = r.GetList("attachmentTypes") is { Count: > 0 } types ? types : null,
            Keywords = r.GetList("keywords") is { Count: > 0 } keywords ? keywords : null,
            Size = r.GetList("size") is { Count: 2 } size
                && long.TryParse(size[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var min)
                && long.TryParse(size[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? (min, max)
                : r.Get("size") is null ? null : throw FeatureErrors.InvalidQuery("size", "Use 'size=min,max' in bytes."),
        };
        var groups = await queries.QueryAttachmentsAsync(await r.CallerAsync(), name, layerId, query, r.Aborted);
        var countOnly = r.GetBool("returnCountOnly") ?? false;
        var baseUrl = r.GetBool("returnUrl") == true ? $"{FeatureServicesApi.ServicesRoot(r)}/{name}/FeatureServer/{layerId}" : null;
        return ArcGisJson.Write(r.Format, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("attachmentGroups");
            foreach (var group in groups)
            {
                w.WriteStartObject();
                w.WriteNumber("parentObjectId", group.ParentObjectId);
                w.WriteString("parentGlobalId", group.ParentGlobalId);
                if (countOnly)
                {
                    w.WriteNumber("count", group.Attachments.Count);
                }
                else
                {
                    w.WriteStartArray("attachmentInfos");
                    foreach (var attachment in group.Attachments)
                    {
                        AttachmentJson.Write(w, attachment, baseUrl is null ? null : $"{baseUrl}/{attachment.ParentObjectId}/attachments/{attachment.Id}");
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
