using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>
/// Turns a parsed where clause into SQL for a feature table. Every literal becomes a bound parameter and every
/// column a quoted field name, so no text from the request reaches the SQL. All operators are parenthesized and
/// long AND/OR lists are nested as balanced trees, keeping the SQL within SQLite's expression depth.
/// </summary>
public static class WhereTranslator
{
    public static WhereSql Translate(WhereExpression expression, IWhereDialect dialect, WhereTranslationOptions options)
    {
        if (!WhereSqlBuilder.IsPlainName(options.ParameterPrefix))
        {
            throw new ArgumentException("The parameter prefix must be a plain name.", nameof(options));
        }

        if (options.GeometryColumn is { } geometry && !WhereSqlBuilder.IsPlainName(geometry))
        {
            throw new ArgumentException("The geometry column must be a plain name.", nameof(options));
        }

        var builder = new WhereSqlBuilder(dialect, options);
        return new WhereSql(builder.Condition(expression), builder.Parameters);
    }
}
