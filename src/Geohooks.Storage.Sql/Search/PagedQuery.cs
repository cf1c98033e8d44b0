using System.Data.Common;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Sql.Search;

/// <summary>Runs a filtered search as two statements: the total count, then one page of full rows.</summary>
internal static class PagedQuery
{
    public static async Task<Page<T>> RunAsync<T>(
        SqlContext db,
        string columns,
        string from,
        string where,
        string orderBy,
        QueryArgs args,
        int start,
        int num,
        Func<DbDataReader, T> map,
        CancellationToken cancellationToken)
    {
        start = Math.Max(1, start);
        num = Math.Max(0, num);
        var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {from} WHERE {where}", args.Values, cancellationToken);
        if (num == 0 || total < start)
        {
            return new Page<T>([], total, start, num);
        }

        var limit = args.Add(num);
        var offset = args.Add(start - 1);
        var rows = await db.QueryAsync(
            $"SELECT {columns} FROM {from} WHERE {where} ORDER BY {orderBy} LIMIT {limit} OFFSET {offset}",
            args.Values,
            map,
            cancellationToken);
        return new Page<T>(rows, total, start, num);
    }

    public static Task<Page<T>> SearchAsync<T>(
        SqlContext db,
        SearchRequest request,
        SearchTarget target,
        Func<DbDataReader, T> map,
        CancellationToken cancellationToken)
    {
        var args = new QueryArgs();
        var where = $"{SearchTranslator.ToSql(request.Query, target.Schema, args)} AND {target.Visibility(request.Viewer, args)}";
        var orderBy = target.OrderBy(request.SortField, request.SortOrder, db.Dialect.BinaryCollation);
        return RunAsync(db, target.Columns, target.From, where, orderBy, args, request.Start, request.Num, map, cancellationToken);
    }
}

/// <summary>Everything the generic search needs to know about one table.</summary>
internal sealed record SearchTarget(
    string Columns,
    string From,
    SearchSchema Schema,
    Func<Viewer, QueryArgs, string> Visibility,
    Func<string?, SortOrder, string, string> OrderBy);
