using System.Text.Json;

namespace Geohooks.Core.Features;

/// <summary>An attachment info object (spec resources §8.1), as the attachment resources and extractChanges write it.</summary>
public static class AttachmentJson
{
    public static void Write(Utf8JsonWriter w, Attachment attachment, string? url = null, bool withParentObjectId = false)
    {
        w.WriteStartObject();
        w.WriteNumber("id", attachment.Id);
        w.WriteString("globalId", attachment.GlobalId);
        if (withParentObjectId)
        {
            w.WriteNumber("parentObjectId", attachment.ParentObjectId);
        }

        w.WriteString("parentGlobalId", attachment.ParentGlobalId);
        w.WriteString("name", attachment.Name);
        w.WriteString("contentType", attachment.ContentType);
        w.WriteNumber("size", attachment.Size);
        w.WriteString("keywords", attachment.Keywords);
        w.WriteNull("exifInfo");
        if (url is not null)
        {
            w.WriteString("url", url);
        }

        w.WriteEndObject();
    }
}
