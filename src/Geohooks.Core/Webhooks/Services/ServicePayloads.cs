using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Features;
using Geohooks.Core.Storage;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// The bodies service webhooks deliver (spec webhooks §3.8 Enterprise, §4.5 Online), from what a webhook is owed:
/// one <see cref="HookBatch"/> per layer (-1 for service-level changes), for one edit or everything since the last
/// scheduled delivery. Written in the webhook's <c>payloadFormat</c> (compact or 2-space indented) and
/// <c>contentType</c>; a form-encoded body is <c>payload=&lt;JSON&gt;</c> plus, with a signature key, the
/// <c>x-esriHook-Signature</c> field over the exact bytes of the payload field's value.
/// </summary>
public static class ServicePayloads
{
    /// <summary>The form field carrying the JSON, and the prefix of a form body.</summary>
    public const string PayloadField = "payload=";

    /// <summary>
    /// A feature-service notification. <paramref name="inline"/> maps a layer id (-1: all layers, Enterprise) to the
    /// extractChanges JSON to embed as <c>changes</c> (full payloads), or to null with <paramref name="inlineOmitted"/>
    /// saying why the changes are not inline.
    /// </summary>
    public static byte[] Feature(
        Webhook hook, ServiceHookSpec spec, string portalUrl, IReadOnlyList<HookBatch> layers,
        IReadOnlyDictionary<int, byte[]>? inline = null, string? inlineOmitted = null, bool hexSignature = false)
    {
        var form = spec.ContentType == ServiceHookSpec.Form;
        var json = Write(spec, w =>
        {
            if (hook.Kind == WebhookKinds.Online)
            {
                w.WriteStartArray();
                foreach (var layer in layers.OrderBy(l => l.LayerId))
                {
                    w.WriteStartObject();
                    w.WriteString("name", Text(hook.Name, form));
                    w.WriteNumber("layerId", layer.LayerId);
                    w.WriteString("orgId", Text(hook.OrgId, form));
                    w.WriteString("serviceName", Text(spec.ServiceName, form));
                    w.WriteNumber("lastUpdatedTime", layer.LastAt);
                    WriteUrl(w, "changesUrl", ChangesUrl(hook, spec, portalUrl, [layer]), form);
                    w.WriteStartArray("events");
                    foreach (var type in layer.ChangeTypes)
                    {
                        w.WriteStringValue(type);
                    }

                    w.WriteEndArray();
                    WriteInline(w, inline, layer.LayerId, inlineOmitted, form);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                return;
            }

            w.WriteStartObject();
            w.WriteString("serviceType", ServiceScopes.FeatureServer);
            WriteUrl(w, "changesUrl", ChangesUrl(hook, spec, portalUrl, layers), form);
            w.WriteString("name", Text(hook.Name, form));
            w.WriteString("id", hook.Id);
            w.WriteString("folderName", Text(spec.FolderName, form));
            w.WriteString("serviceName", Text(spec.ServiceName, form));
            w.WriteStartArray("events");
            foreach (var (type, when) in EventTimes(layers))
            {
                w.WriteStartObject();
                w.WriteString("eventType", type);
                w.WriteNumber("when", when);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteInline(w, inline, -1, inlineOmitted, form);
            w.WriteEndObject();
        });
        return Body(hook, spec, json, hexSignature);
    }

    /// <summary>A geoprocessing notification (Enterprise §3.8): how the job finished and where its status is.</summary>
    public static byte[] Geoprocessing(
        Webhook hook, ServiceHookSpec spec, string portalUrl, string taskName, string jobId, string status, long when, bool hexSignature = false)
    {
        var form = spec.ContentType == ServiceHookSpec.Form;
        var json = Write(spec, w =>
        {
            w.WriteStartObject();
            w.WriteString("serviceType", ServiceScopes.GPServer);
            w.WriteString("jobId", jobId);
            WriteUrl(w, "statusURL", Core.Geoprocessing.GpCatalog.JobUrl(portalUrl, spec.FolderName, spec.ServiceName, taskName, jobId), form);
            w.WriteString("name", Text(hook.Name, form));
            w.WriteString("taskName", Text(taskName, form));
            w.WriteString("folderName", Text(spec.FolderName, form));
            w.WriteString("serviceName", Text(spec.ServiceName, form));
            w.WriteStartArray("events");
            w.WriteStartObject();
            w.WriteString("eventType", status);
            w.WriteNumber("when", when);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Body(hook, spec, json, hexSignature);
    }

    /// <summary>
    /// Where the receiver reads what changed: for edits, the public <c>extractChanges</c> with the generation bracket,
    /// the return switches that match the change types (spec §4.5), the layer (Online, one entry per layer) and the
    /// webhook's filter; for schema and definition changes, the layer or service resource.
    /// </summary>
    public static string ChangesUrl(Webhook hook, ServiceHookSpec spec, string portalUrl, IReadOnlyList<HookBatch> layers)
    {
        var root = ServiceRoot(portalUrl, spec);
        var types = layers.SelectMany(l => l.ChangeTypes).ToHashSet(StringComparer.Ordinal);
        var edits = layers.Where(l => l.MaxGen > 0 && l.ChangeTypes.Any(IsDataChange)).ToList();
        if (edits.Count == 0)
        {
            var layerIds = layers.Select(l => l.LayerId).Distinct().ToList();
            return layerIds is [var only] && only >= 0 ? $"{root}/{only}" : root;
        }

        var url = new StringBuilder(root).Append("/extractChanges?serverGens=")
            .Append(Escape($"[{edits.Min(l => l.MinGen).ToString(CultureInfo.InvariantCulture)},{edits.Max(l => l.MaxGen).ToString(CultureInfo.InvariantCulture)}]", hook));
        if (hook.Kind == WebhookKinds.Online)
        {
            url.Append("&async=true");
        }

        // FeaturesEdited accompanies the specific feature changes; alone (a webhook subscribed to it only) it stands for all three.
        var all = !types.Contains(FeatureChangeTypes.FeaturesCreated) && !types.Contains(FeatureChangeTypes.FeaturesUpdated)
            && !types.Contains(FeatureChangeTypes.FeaturesDeleted) && types.Contains(FeatureChangeTypes.FeaturesEdited);
        AppendFalse(url, "returnInserts", all || types.Contains(FeatureChangeTypes.FeaturesCreated));
        AppendFalse(url, "returnUpdates", all || types.Contains(FeatureChangeTypes.FeaturesUpdated));
        AppendFalse(url, "returnDeletes", all || types.Contains(FeatureChangeTypes.FeaturesDeleted));
        if (types.Any(t => t.StartsWith("Attachments", StringComparison.Ordinal)))
        {
            url.Append("&returnAttachments=true");
        }
        else
        {
            url.Append("&returnAttachments=false");
        }

        if (hook.Kind == WebhookKinds.Online && edits.Select(l => l.LayerId).Distinct().ToList() is [var layerId] && layerId >= 0)
        {
            url.Append("&layers=").Append(Escape($"[{layerId.ToString(CultureInfo.InvariantCulture)}]", hook));
        }

        if (spec.Filter is { } filter)
        {
            url.Append("&filter=").Append(Uri.EscapeDataString(filter.ToJson().ToJsonString()));
        }

        return url.ToString();
    }

    /// <summary>
    /// The bytes <c>x-esriHook-Signature</c> covers: the whole body, or for form-encoded bodies the payload field's
    /// value (which never holds a raw <c>&amp;</c>).
    /// </summary>
    public static ReadOnlySpan<byte> SignedPart(ReadOnlySpan<byte> body, string contentType)
    {
        if (contentType != ServiceHookSpec.Form || !body.StartsWith("payload="u8))
        {
            return body;
        }

        var value = body[PayloadField.Length..];
        var end = value.IndexOf((byte)'&');
        return end < 0 ? value : value[..end];
    }

    /// <summary>Feature and attachment changes: the ones a filter judges (schema and definition changes always pass).</summary>
    public static bool IsDataChange(string type) =>
        type is FeatureChangeTypes.FeaturesCreated or FeatureChangeTypes.FeaturesUpdated or FeatureChangeTypes.FeaturesDeleted
            or FeatureChangeTypes.FeaturesEdited or FeatureChangeTypes.AttachmentsCreated or FeatureChangeTypes.AttachmentsUpdated
            or FeatureChangeTypes.AttachmentsDeleted;

    // Online's published samples show the bracket unescaped (serverGens=[a,b]); Enterprise's escape it (%5B…%5D).
    private static string Escape(string value, Webhook hook) => hook.Kind == WebhookKinds.Online ? value : Uri.EscapeDataString(value);

    private static void AppendFalse(StringBuilder url, string name, bool wanted)
    {
        if (!wanted)
        {
            url.Append('&').Append(name).Append("=false");
        }
    }

    private static string ServiceRoot(string portalUrl, ServiceHookSpec spec)
    {
        var folder = spec.FolderName.Length == 0 ? "" : Uri.EscapeDataString(spec.FolderName) + "/";
        return $"{portalUrl.TrimEnd('/')}/rest/services/{folder}{Uri.EscapeDataString(spec.ServiceName)}/{ServiceScopes.FeatureServer}";
    }

    /// <summary>Each change type once, with the latest time it was seen, in first-seen order.</summary>
    private static IEnumerable<(string Type, long When)> EventTimes(IReadOnlyList<HookBatch> layers)
    {
        var times = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var layer in layers)
        {
            foreach (var type in layer.ChangeTypes)
            {
                if (times.TryGetValue(type, out var seen))
                {
                    times[type] = Math.Max(seen, layer.LastAt);
                }
                else
                {
                    times[type] = layer.LastAt;
                    order.Add(type);
                }
            }
        }

        return order.Select(t => (t, times[t]));
    }

    private static void WriteInline(Utf8JsonWriter w, IReadOnlyDictionary<int, byte[]>? inline, int key, string? omitted, bool form)
    {
        if (inline is not null && inline.TryGetValue(key, out var changes))
        {
            w.WritePropertyName("changes");
            // '%' only occurs inside JSON strings, so escaping it for a form body keeps the JSON intact once decoded.
            w.WriteRawValue(form ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(changes).Replace("%", "%25", StringComparison.Ordinal)) : changes, skipInputValidation: true);
        }
        else if (omitted is not null)
        {
            w.WriteString("changesOmitted", omitted);
        }
    }

    /// <summary>
    /// A URL value. In a form-encoded body it is percent-encoded inside the JSON (lower-case hex, as ArcGIS Online
    /// sends it), so that form-decoding the field gives back the JSON with the plain URL.
    /// </summary>
    private static void WriteUrl(Utf8JsonWriter w, string name, string url, bool form) =>
        w.WriteString(name, form ? System.Web.HttpUtility.UrlEncode(url) : url);

    /// <summary>
    /// A text value. In a form-encoded body a '%' is written as %25, so form-decoding gives it back; the writer's
    /// default encoder already escapes '&amp;' and '+' there (as \u0026, \u002B), the other characters forms treat specially.
    /// </summary>
    private static string Text(string value, bool form) => form ? value.Replace("%", "%25", StringComparison.Ordinal) : value;

    private static byte[] Write(ServiceHookSpec spec, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var options = new JsonWriterOptions
        {
            Indented = spec.PayloadFormat == ServiceHookSpec.PrettyFormat,
            // JSON bodies keep URLs readable (raw '&'); form bodies need the default, which escapes '&' and '+'.
            Encoder = spec.ContentType == ServiceHookSpec.Form ? null : System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Body(Webhook hook, ServiceHookSpec spec, byte[] json, bool hexSignature)
    {
        if (spec.ContentType != ServiceHookSpec.Form)
        {
            return json;
        }

        // x-esriHook-Signature covers the payload field's value: the JSON bytes as written.
        var signature = hook.Secret.Length == 0 ? ""
            : "&x-esriHook-Signature=" + System.Web.HttpUtility.UrlEncode(Signatures.EsriSignature(hook.Secret, json, hexSignature));
        return [.. "payload="u8, .. json, .. Encoding.UTF8.GetBytes(signature)];
    }
}
