using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Geohooks.Core.Delivery;

namespace Geohooks.Core.Webhooks.Services;

/// <summary>
/// The ArcGIS Online challenge–response check (spec webhooks §4.4): <c>GET hookUrl?crc_token=&lt;random&gt;</c>; the
/// receiver proves it holds the signature key by answering 200 with
/// <c>{"response_token":"sha256=" + Base64(HMAC-SHA256(key, token))}</c> (hex accepted when the site signs in hex).
/// </summary>
public static class Crc
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs the check; null when the receiver passed, else why it did not, in words for the client.</summary>
    public static async Task<string?> CheckAsync(WebhookSender sender, string hookUrl, string signatureKey, bool hex, CancellationToken ct)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var separator = hookUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        if (!Uri.TryCreate($"{hookUrl}{separator}crc_token={token}", UriKind.Absolute, out var url))
        {
            return "the hook URL is not a valid absolute URL.";
        }

        var result = await sender.GetAsync(url, Timeout, ct);
        if (result.Status is null)
        {
            return $"the CRC check got no answer from the hook URL: {result.Error}";
        }

        if (result.Status != 200)
        {
            return $"the CRC check was answered with HTTP {result.Status}; expected 200.";
        }

        var expected = ResponseToken(signatureKey, token, hex);
        string? answered;
        try
        {
            using var doc = JsonDocument.Parse(result.Body ?? "");
            answered = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("response_token", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            answered = null;
        }

        return answered is null ? "the CRC check answer is not JSON with a response_token."
            : CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(answered), Encoding.UTF8.GetBytes(expected)) ? null
            : "the CRC check response_token does not match the signature key.";
    }

    /// <summary>The answer a receiver owes for <paramref name="token"/>.</summary>
    public static string ResponseToken(string signatureKey, string token, bool hex = false) =>
        Signatures.EsriSignature(signatureKey, Encoding.UTF8.GetBytes(token), hex);
}
