using System.Security.Cryptography;

namespace Geohooks.Core.Security;

/// <summary>Identifier and secret formats ArcGIS clients expect (spec resources §0).</summary>
public static class Ids
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Ids are made for every event, delivery and claim. Each RandomNumberGenerator call is a call into OpenSSL that also
    // makes a getpid() system call (fork safety), so ids draw from a per-thread buffer of cryptographically random
    // bytes refilled 4 KiB at a time. Bytes handed out are wiped from the buffer. Bearer tokens do not use it.
    private const int RandomBufferBytes = 4096;

    [ThreadStatic]
    private static byte[]? randomBuffer;

    [ThreadStatic]
    private static int randomLeft;

    /// <summary>32 lower-case hex characters, the format of item, group, user and webhook ids.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        FillRandom(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// 32 lower-case hex characters like <see cref="NewId"/>, but led by <paramref name="unixMs"/> (48 bits) and then 80
    /// random bits, so ids made later sort later. For append-only rows with a unique index on the id (portal events):
    /// a random id lands on a random page of the index, one written page per row; ordered ids fill its last page.
    /// </summary>
    public static string NewTimeOrderedId(long unixMs)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, unixMs << 16);
        FillRandom(bytes[6..]);
        return Convert.ToHexStringLower(bytes);
    }

    private static void FillRandom(Span<byte> destination)
    {
        var buffer = randomBuffer ??= new byte[RandomBufferBytes];
        if (randomLeft < destination.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            randomLeft = buffer.Length;
        }

        var taken = buffer.AsSpan(buffer.Length - randomLeft, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        randomLeft -= destination.Length;
    }

    /// <summary>A random UUID, lower-case with hyphens: the format of service webhook ids (spec webhooks §1.3).</summary>
    public static string NewUuid() => Guid.NewGuid().ToString("D");

    public static bool IsUuid(string? value) => value is { Length: 36 } && Guid.TryParseExact(value, "D", out _);

    /// <summary>16 alphanumerics, the format of organization ids.</summary>
    public static string NewOrgId() => RandomNumberGenerator.GetString(Alphanumerics, 16);

    /// <summary>A bearer token: 256 random bits, URL-safe.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A generated password for the first administrator: 20 alphanumerics with at least one letter and one digit, so it
    /// always satisfies <see cref="Passwords.Weakness"/> (about 3% of unconstrained draws have no digit). Drawing again
    /// until it does keeps every acceptable password equally likely.
    /// </summary>
    public static string NewPassword()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphanumerics, 20);
            if (Passwords.Weakness(password) is null)
            {
                return password;
            }
        }
    }

    public static bool IsId(string? value) =>
        value is { Length: 32 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

    public static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
