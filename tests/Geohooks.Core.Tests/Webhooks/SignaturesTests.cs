using System.Text;
using Geohooks.Core.Webhooks;

namespace Geohooks.Core.Tests.Webhooks;

/// <summary>Vectors computed independently with <c>openssl dgst -sha256 -hmac ... -binary | base64</c>.</summary>
public sealed class SignaturesTests
{
    [Fact]
    public void Esri_signature_is_sha256_prefixed_base64_hmac_of_the_body() =>
        Assert.Equal(
            "sha256=0LbKFFLhbBCWdSGjctuuo/7HJZOMEA9DhY9JF9TMqL4=",
            Signatures.EsriSignature("my-secret", Encoding.UTF8.GetBytes("""{"info":{"webhookName":"x"},"events":[]}""")));

    [Fact]
    public void Standard_webhooks_signature_covers_id_timestamp_and_body() =>
        Assert.Equal(
            "v1,QA0KvAtWto9Tx8YlFkHHWrPU3K54v16Csk03U24pV/c=",
            Signatures.StandardSignature("my-secret", "msg_abc", 1700000000, Encoding.UTF8.GetBytes("""{"a":1}""")));

    [Fact]
    public void Standard_secret_is_whsec_base64_of_the_key_bytes() =>
        Assert.Equal("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("my-secret")), Signatures.StandardSecret("my-secret"));

    [Fact]
    public void Without_a_secret_only_id_and_timestamp_are_sent()
    {
        var headers = Signatures.Headers("", "msg_1", 5, [1, 2]).Select(h => h.Key).ToArray();
        Assert.Equal(["webhook-id", "webhook-timestamp"], headers);
    }
}
