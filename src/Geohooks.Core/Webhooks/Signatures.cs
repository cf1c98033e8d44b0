using System.Security.Cryptography;
using System.Text;

namespace Geohooks.Core.Webhooks;

/// <summary>
/// The headers that prove a delivery came from us: ArcGIS's <c>x-esriHook-Signature</c> (sha256= + Base64 HMAC of
/// the exact body, as Esri's receiver samples verify it) and Standard Webhooks v1 over <c>id.timestamp.body</c>.
/// The HMAC key of both is the webhook secret's UTF-8 bytes.
/// </summary>
public static class Signatures
{
    public static string EsriSignature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary><c>sha256=</c> + lower-case hex of the HMAC, the variant some receivers (ArcGIS Monitor's) expect.</summary>
    public static string EsriHexSignature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary><see cref="EsriHexSignature"/> when <paramref name="hex"/>, else <see cref="EsriSignature(string, ReadOnlySpan{byte})"/>.</summary>
    public static string EsriSignature(string secret, ReadOnlySpan<byte> body, bool hex) =>
        hex ? EsriHexSignature(secret, body) : EsriSignature(secret, body);

    public static string StandardSignature(string secret, string messageId, long timestampSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestampSeconds}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
    }

    /// <summary>The secret in the form Standard Webhooks libraries take: <c>whsec_</c> + Base64 of the key bytes.</summary>
    public static string StandardSecret(string secret) => "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// The headers of one service-webhook attempt (spec webhooks §3.7, §4.5): no plain <c>secret</c> header, the
    /// signature key only signs. <paramref name="esriSigned"/> is what <c>x-esriHook-Signature</c> covers: the body,
    /// or for form-encoded deliveries the <c>payload</c> field's value; Standard Webhooks always covers the whole body.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ServiceHeaders(
        string secret, bool hex, string messageId, long timestampSeconds, ReadOnlySpan<byte> body, ReadOnlySpan<byte> esriSigned)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("webhook-id", messageId),
            new("webhook-timestamp", timestampSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (secret.Length > 0)
        {
            headers.Add(new("x-esriHook-Signature", EsriSignature(secret, esriSigned, hex)));
            headers.Add(new("webhook-signature", StandardSignature(secret, messageId, timestampSeconds, body)));
        }

        return headers;
    }

    /// <summary>The headers of one attempt. Without a secret only the id and timestamp are sent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string secret, string messageId, long timestampSeconds, ReadOnlySpan<byte> body)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("webhook-id", messageId),
            new("webhook-timestamp", timestampSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (secret.Length > 0)
        {
            headers.Add(new("secret", secret));
            headers.Add(new("x-esriHook-Signature", EsriSignature(secret, body)));
            headers.Add(new("webhook-signature", StandardSignature(secret, messageId, timestampSeconds, body)));
        }

        return headers;
    }
}
