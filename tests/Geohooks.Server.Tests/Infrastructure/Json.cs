using System.Text.Json;

namespace Geohooks.Server.Tests.Infrastructure;

public static class Json
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    public static bool IsError(this JsonElement e, int code) =>
        e.TryGetProperty("error", out var error) && error.GetProperty("code").GetInt32() == code;

    public static void AssertError(this JsonElement e, int code)
    {
        Assert.True(e.TryGetProperty("error", out var error), $"expected error {code}, got {e}");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
    }

    public static void AssertSuccess(this JsonElement e)
    {
        Assert.False(e.TryGetProperty("error", out _), e.ToString());
        Assert.True(e.GetProperty("success").GetBoolean(), e.ToString());
    }

    public static string[] Strings(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetString() ?? "").ToArray();
}
