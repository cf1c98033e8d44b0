namespace Geohooks.Storage.Sql;

/// <summary>LIKE patterns over lower-cased text; every pattern is used with <c>ESCAPE '\'</c>.</summary>
internal static class Like
{
    public const string Escape = @" ESCAPE '\'";

    public static string Contains(string value) => "%" + Escaped(value) + "%";

    public static string StartsWith(string value) => Escaped(value) + "%";

    public static string Element(string value) => "%|" + Escaped(value.Replace('|', ' ')) + "|%";

    public static string ElementPrefix(string value) => "%|" + Escaped(value.Replace('|', ' ')) + "%";

    private static string Escaped(string value) => Keys.Of(value)
        .Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal)
        .Replace("_", @"\_", StringComparison.Ordinal);
}
