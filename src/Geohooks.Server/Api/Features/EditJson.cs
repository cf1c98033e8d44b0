using System.Text.Json;
using Geohooks.Core.Features.Editing;

namespace Geohooks.Server.Api.Features;

/// <summary>Edit results as ArcGIS writes them (spec resources §7.1, §8.4): globalId only where the layer has them.</summary>
internal static class EditJson
{
    public static void WriteResults(Utf8JsonWriter w, string name, IEnumerable<EditResult> results)
    {
        w.WriteStartArray(name);
        foreach (var result in results)
        {
            WriteResult(w, result);
        }

        w.WriteEndArray();
    }

    public static void WriteResult(Utf8JsonWriter w, EditResult result)
    {
        w.WriteStartObject();
        w.WriteNumber("objectId", result.ObjectId);
        if (result.GlobalId is { } globalId)
        {
            w.WriteString("globalId", globalId);
        }

        w.WriteBoolean("success", result.Success);
        if (result.Error is { } error)
        {
            w.WriteStartObject("error");
            w.WriteNumber("code", error.Code);
            w.WriteString("description", error.Description);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>One layer's applyEdits answer; <paramref name="withId"/> for the elements of a service-level answer.</summary>
    public static void WriteLayer(Utf8JsonWriter w, LayerEditResult result, bool returnEditMoment, bool withId)
    {
        w.WriteStartObject();
        if (withId)
        {
            w.WriteNumber("id", result.LayerId);
        }

        WriteResults(w, "addResults", result.Adds);
        WriteResults(w, "updateResults", result.Updates);
        WriteResults(w, "deleteResults", result.Deletes);
        if (result.Attachments is { } attachments)
        {
            w.WriteStartObject("attachments");
            WriteResults(w, "addResults", attachments.Adds);
            WriteResults(w, "updateResults", attachments.Updates);
            WriteResults(w, "deleteResults", attachments.Deletes);
            w.WriteEndObject();
        }

        if (returnEditMoment)
        {
            w.WriteNumber("editMoment", result.EditMoment);
        }

        w.WriteEndObject();
    }
}
