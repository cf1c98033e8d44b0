using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Sql.Search;

/// <summary>The ways a field can match a term. Values are lower-cased here; columns are lowered in SQL or key columns.</summary>
internal static class TermRules
{
    /// <summary>Equality on a column that already holds the lower-case key (ids, owner_key); a prefix matches the start.</summary>
    public static TermRule Key(string keyColumn) => (term, args) => term.Kind == TermKind.Prefix
        ? $"{keyColumn} LIKE {args.Add(Like.StartsWith(term.Value))}{Like.Escape}"
        : $"{keyColumn} = {args.Add(Keys.Of(term.Value))}";

    /// <summary>Case-insensitive equality on a plain text column.</summary>
    public static TermRule Equal(string column, Func<string, string>? normalize = null) => (term, args) =>
        Key($"lower({column})")(term with { Value = normalize?.Invoke(term.Value) ?? term.Value }, args);

    /// <summary>Case-insensitive substring; a prefix term also matches anywhere (ArcGIS tokenizes text fields).</summary>
    public static TermRule Contains(string column) => (term, args) =>
        $"COALESCE(lower({column}), '') LIKE {args.Add(Like.Contains(term.Value))}{Like.Escape}";

    /// <summary>Any element of a "|a|b|" key column equals the value, or starts with it for a prefix.</summary>
    public static TermRule Element(string keyColumn) => (term, args) =>
    {
        var pattern = term.Kind == TermKind.Prefix ? Like.ElementPrefix(term.Value) : Like.Element(term.Value);
        return $"{keyColumn} LIKE {args.Add(pattern)}{Like.Escape}";
    };

    /// <summary>A quoted phrase is the whole value, a word is contained, a prefix starts the value (item type).</summary>
    public static TermRule Token(string column) => (term, args) => term.Kind switch
    {
        TermKind.Phrase => $"lower({column}) = {args.Add(Keys.Of(term.Value))}",
        TermKind.Prefix => $"lower({column}) LIKE {args.Add(Like.StartsWith(term.Value))}{Like.Escape}",
        _ => $"lower({column}) LIKE {args.Add(Like.Contains(term.Value))}{Like.Escape}",
    };

    public static TermRule Flag(string column) => (term, _) => Keys.Of(term.Value) switch
    {
        "true" => $"{column} = 1",
        "false" => $"{column} = 0",
        _ => "1 = 0",
    };

    /// <summary>A field the table has no data for: nothing matches.</summary>
    public static TermRule Nothing() => (_, _) => "1 = 0";
}
