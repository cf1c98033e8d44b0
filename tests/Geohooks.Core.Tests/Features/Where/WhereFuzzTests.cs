using System.Diagnostics;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Where;
using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sql.Features.Where;
using Geohooks.Storage.Sqlite;

namespace Geohooks.Core.Tests.Features.Where;

/// <summary>
/// Property tests over 20,000 generated clauses (<see cref="WhereFuzz"/>): the parser only ever fails with the 400
/// envelope, stays fast, and whatever it accepts becomes SQL on both dialects that carries no request text.
/// </summary>
public class WhereFuzzTests
{
    private const int Cases = 20_000;

    private static readonly IWhereDialect[] Dialects = [SqliteWhereDialect.Instance, PostgresWhereDialect.Instance];

    // Known columns, the geometry column and PostgreSQL's "C" collation are the only quoted names allowed.
    private static readonly HashSet<string> QuotedNames =
        [.. WhereAst.Fields.Select(f => f.Name), "__shape", "C"];

    [Fact(Timeout = 60_000)]
    public async Task The_parser_fails_only_with_the_envelope_and_accepted_clauses_translate_safely()
    {
        const int seed = 20240310;
        var (accepted, slowest) = await Task.Run(() => Run(new WhereFuzz(seed), seed));

        // Many generated clauses must be valid, or the safety checks below would check nothing.
        Assert.InRange(accepted, Cases / 5, Cases);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"The slowest clause took {slowest}.");
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public void Quoted_injection_payloads_travel_only_as_parameters(string payload)
    {
        var where = $"name = '{payload.Replace("'", "''", StringComparison.Ordinal)}' OR name LIKE '%{payload.Replace("'", "''", StringComparison.Ordinal)}%'";
        var expression = WhereParser.Parse(where, WhereAst.Fields, WhereParserTests.Context);
        foreach (var dialect in Dialects)
        {
            var sql = WhereTranslator.Translate(expression, dialect, new WhereTranslationOptions { NowEpochMs = 0 });
            Assert.Contains(payload, sql.Parameters.Values);
            WhereSqlShape.Check(sql.Sql, QuotedNames, sql.Parameters, "w");
        }
    }

    public static TheoryData<string> Injections => [.. WhereFuzz.Payloads];

    private static (int Accepted, TimeSpan Slowest) Run(WhereFuzz fuzz, int seed)
    {
        var accepted = 0;
        var slowest = TimeSpan.Zero;
        var options = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var where = fuzz.Next();
            var started = Stopwatch.GetTimestamp();
            var expression = TryParse(where);
            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
            if (expression is null)
            {
                continue;
            }

            accepted++;
            var translation = new WhereTranslationOptions
            {
                NowEpochMs = 1_710_072_000_000,
                CaseSensitive = options.Next(2) == 0,
                GeometryColumn = options.Next(3) == 0 ? null : "__shape",
                ParameterPrefix = options.Next(2) == 0 ? "w" : "q_1",
            };
            foreach (var dialect in Dialects)
            {
                AssertSafe(where, expression, WhereTranslator.Translate(expression, dialect, translation), translation.ParameterPrefix);
            }
        }

        return (accepted, slowest);
    }

    private static WhereExpression? TryParse(string where)
    {
        try
        {
            return WhereParser.Parse(where, WhereAst.Fields, WhereParserTests.Context);
        }
        catch (ArcGisException error)
        {
            if (error.Code != 400 || error.Message != WhereParser.Message || error.Details.Count != 2
                || error.Details[0] != "'where' parameter is invalid" || !error.Details[1].EndsWith('.'))
            {
                Assert.Fail($"Unexpected envelope for: {Shorten(where)}");
            }

            return null;
        }
        catch (Exception other)
        {
            Assert.Fail($"{other.GetType().Name} ({other.Message}) for: {Shorten(where)}");
            throw;
        }
    }

    private static void AssertSafe(string where, WhereExpression expression, WhereSql sql, string prefix)
    {
        WhereSqlShape.Check(sql.Sql, QuotedNames, sql.Parameters, prefix);
        foreach (var literal in WhereStrings.Of(expression).Where(Distinctive))
        {
            if (sql.Sql.Contains(literal, StringComparison.Ordinal))
            {
                Assert.Fail($"Literal '{literal}' reached the SQL of: {Shorten(where)}");
            }
        }
    }

    // Literals that could not be mistaken for a piece of the SQL's own vocabulary ('lower(' could).
    private static bool Distinctive(string literal) =>
        literal.Length >= 3 && literal.Any(c => c is '\'' or '"' or ';' or '\\' || c > '\u007e' || char.IsControl(c));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
