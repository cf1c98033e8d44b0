namespace Geohooks.Storage.Sql;

/// <summary>The lower-case form used for ids and for every case-insensitive key column.</summary>
internal static class Keys
{
    public static string Of(string value) => value.ToLowerInvariant();

    public static string? OfNullable(string? value) => value?.ToLowerInvariant();
}
