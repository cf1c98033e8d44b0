using Geohooks.Core.Features.Where;
using Geohooks.Storage.Sql.Features.Where;
using SqlArgs = System.Collections.Generic.Dictionary<string, object?>;

namespace Geohooks.Storage.Tests.Features;

/// <summary>
/// Runs every clause of <see cref="WhereCases"/> through the parser and the translator against a real database and
/// checks the matching rows, case-insensitively and case-sensitively. Each backend derives from this with its own
/// database, so both must agree with the same expectations.
/// </summary>
public abstract class WhereSqlContract
{
    protected abstract IWhereDialect Dialect { get; }

    protected abstract Task<List<long>> QueryIdsAsync(string sql, SqlArgs parameters);

    [Theory]
    [MemberData(nameof(WhereCases.Basics), MemberType = typeof(WhereCases))]
    [MemberData(nameof(WhereCases.Text), MemberType = typeof(WhereCases))]
    [MemberData(nameof(WhereCases.Like), MemberType = typeof(WhereCases))]
    [MemberData(nameof(WhereCases.Dates), MemberType = typeof(WhereCases))]
    [MemberData(nameof(WhereCases.Numbers), MemberType = typeof(WhereCases))]
    public async Task Matches_the_expected_rows_in_both_case_modes(string where, string ids, string caseSensitiveIds)
    {
        var insensitive = string.Join(" ", await RunAsync(where, caseSensitive: false));
        var sensitive = string.Join(" ", await RunAsync(where, caseSensitive: true));
        Assert.Equal($"insensitive: [{ids}], sensitive: [{caseSensitiveIds}]", $"insensitive: [{insensitive}], sensitive: [{sensitive}]");
    }

    [Fact]
    public async Task A_table_without_geometry_has_no_shapes()
    {
        var options = Options(caseSensitive: false) with { GeometryColumn = null };
        Assert.Equal(Ids(WhereCasesAll), await RunAsync("shape IS NULL", options));
        Assert.Empty(await RunAsync("shape IS NOT NULL", options));
    }

    [Fact]
    public async Task Fragments_with_different_prefixes_combine_into_one_statement()
    {
        var first = Translate("Name LIKE 'a%'", Options(caseSensitive: false) with { ParameterPrefix = "w" });
        var second = Translate("Count > 15", Options(caseSensitive: false) with { ParameterPrefix = "d" });
        var parameters = new SqlArgs(first.Parameters);
        foreach (var (name, value) in second.Parameters)
        {
            parameters.Add(name, value);
        }

        Assert.Equal([2L], await QueryIdsAsync(WhereTable.Select($"{first.Sql} AND {second.Sql}"), parameters));
    }

    [Fact]
    public async Task A_thousand_ORs_stay_within_the_expression_depth_of_the_backend()
    {
        var where = string.Join(" OR ", Enumerable.Range(1000, 1500).Select(i => $"Count = {i}")) + " OR Count = 10";
        Assert.Equal([1L], await RunAsync(where, caseSensitive: false));
    }

    private const string WhereCasesAll = "1 2 3 4 5 6 7 8 9 10 11 12";

    private Task<List<long>> RunAsync(string where, bool caseSensitive) => RunAsync(where, Options(caseSensitive));

    private async Task<List<long>> RunAsync(string where, WhereTranslationOptions options)
    {
        var sql = Translate(where, options);
        return await QueryIdsAsync(WhereTable.Select(sql.Sql), sql.Parameters);
    }

    private WhereSql Translate(string where, WhereTranslationOptions options)
    {
        var expression = WhereParser.Parse(where, WhereTable.Fields, new WhereContext(WhereCases.CurrentUser));
        return WhereTranslator.Translate(expression, Dialect, options);
    }

    private static WhereTranslationOptions Options(bool caseSensitive) => new()
    {
        NowEpochMs = WhereTable.NowEpochMs,
        CaseSensitive = caseSensitive,
        GeometryColumn = WhereTable.GeometryColumn,
    };

    private static List<long> Ids(string ids) =>
        [.. ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];
}
