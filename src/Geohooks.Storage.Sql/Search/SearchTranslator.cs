using System.Globalization;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Sql.Search;

/// <summary>
/// Translates the portal query AST into a parameterized WHERE condition. Never throws on odd input:
/// unknown fields search the default fields, unparsable range bounds are open.
/// </summary>
internal static class SearchTranslator
{
    private const string True = "1 = 1";
    private const string False = "1 = 0";

    public static string ToSql(SearchNode node, SearchSchema schema, QueryArgs args) => node switch
    {
        AndNode and => Join(and.Children, " AND ", True, schema, args),
        OrNode or => Join(or.Children, " OR ", False, schema, args),
        NotNode not => $"NOT ({ToSql(not.Child, schema, args)})",
        TermNode term => Term(term, schema, args),
        RangeNode range => Range(range, schema, args),
        _ => True,
    };

    private static string Join(IReadOnlyList<SearchNode> children, string separator, string empty, SearchSchema schema, QueryArgs args) =>
        children.Count == 0
            ? empty
            : "(" + string.Join(separator, children.Select(child => ToSql(child, schema, args))) + ")";

    private static string Term(TermNode term, SearchSchema schema, QueryArgs args)
    {
        if (term.Field is { } field && schema.Fields.TryGetValue(field, out var rule))
        {
            return "(" + rule(term, args) + ")";
        }

        var anyField = term with { Field = null };
        return "(" + string.Join(" OR ", schema.DefaultFields.Select(r => r(anyField, args))) + ")";
    }

    private static string Range(RangeNode range, SearchSchema schema, QueryArgs args)
    {
        if (!schema.RangeColumns.TryGetValue(range.Field, out var column))
        {
            return True;
        }

        var conditions = new List<string>(2);
        if (Bound(range.From) is { } from)
        {
            conditions.Add($"{column} {(range.Inclusive ? ">=" : ">")} {args.Add(from)}");
        }

        if (Bound(range.To) is { } to)
        {
            conditions.Add($"{column} {(range.Inclusive ? "<=" : "<")} {args.Add(to)}");
        }

        return conditions.Count == 0 ? True : "(" + string.Join(" AND ", conditions) + ")";
    }

    private static long? Bound(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
