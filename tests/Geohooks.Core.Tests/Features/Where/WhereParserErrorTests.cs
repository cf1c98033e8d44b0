using Geohooks.Core.Errors;
using Geohooks.Core.Features.Where;

namespace Geohooks.Core.Tests.Features.Where;

public class WhereParserErrorTests
{
    [Theory]
    [InlineData("", "The clause is empty.")]
    [InlineData("   ", "The clause is empty.")]
    [InlineData("foo = 1", "Unknown field 'foo' at character 1.")]
    [InlineData("pop = bar", "Unknown field 'bar' at character 7.")]
    [InlineData("\"pop \" = 1", "Unknown field 'pop '")]
    [InlineData("From = 'x'", "Expected a value but found 'From'")]
    [InlineData("layer.pop = 1", "Unexpected character '.'")]
    [InlineData("[pop] = 1", "Unexpected character '['")]
    [InlineData("FOO(pop) = 1", "Unknown function 'FOO' at character 1.")]
    [InlineData("EXISTS(pop) = 1", "Subqueries are not allowed")]
    [InlineData("pop IN (SELECT pop FROM t)", "Subqueries are not allowed")]
    [InlineData("pop = (SELECT 1)", "Subqueries are not allowed")]
    [InlineData("1=1; DROP TABLE x", "';' is not allowed")]
    [InlineData("1=1 -- comment", "Comments ('--') are not allowed")]
    [InlineData("1=1 /* c */", "Comments ('/*') are not allowed")]
    [InlineData("name = 'abc", "Unterminated string (the ' is never closed) at character 8.")]
    [InlineData("\"name = 1", "Unterminated quoted name")]
    [InlineData("pop IN ()", "IN () needs at least one value")]
    [InlineData("pop IN (1,)", "Expected a value but found ')'")]
    [InlineData("pop IN 1", "Expected '(' after IN")]
    [InlineData("pop = 1 pop = 2", "Unexpected 'pop' after a complete condition")]
    [InlineData("pop = 1)", "Unbalanced ')'")]
    [InlineData("(pop = 1", "Unbalanced '(' (never closed) at character 1.")]
    [InlineData("()", "Expected a value but found ')'")]
    [InlineData("pop", "Expected a comparison (=, <>, <, <=, >, >=, LIKE, IN, BETWEEN or IS NULL) but found the end of the clause")]
    [InlineData("pop =", "The clause ends where a value was expected")]
    [InlineData("pop = 1 AND", "The clause ends where a value was expected")]
    [InlineData("AND pop = 1", "Expected a value but found 'AND'")]
    [InlineData("pop NOT = 1", "Expected LIKE, IN or BETWEEN after NOT")]
    [InlineData("pop IS 1", "Expected NULL but found '1'")]
    [InlineData("pop = NULL", "NULL is not a value here")]
    [InlineData("pop == 1", "Expected a value but found '='")]
    [InlineData("pop ! 1", "Unexpected character '!'")]
    [InlineData("pop = 1abc", "'1abc' is not a valid number")]
    [InlineData("pop = 1.2.3", "'1.2.3' is not a valid number")]
    [InlineData("pop = 1e999", "'1e999' is not a valid number")]
    [InlineData("pop BETWEEN 1 OR 2", "Expected AND but found 'OR'")]
    [InlineData("shape = 1", "'shape' can only be used as 'shape IS NULL' or 'shape IS NOT NULL'")]
    [InlineData("shape IS NOT 1", "Expected NULL")]
    [InlineData("pop = 1\u0000", "Unexpected character U+0000")]
    [InlineData("pop\u00a0= 1", null)]
    [InlineData("naïve = 1", "Unexpected character U+00EF")]
    public void RejectsMalformedClauses(string where, string? problem)
    {
        if (problem is null)
        {
            // A no-break space is white space, so this one is fine.
            WhereParser.Parse(where, WhereAst.Fields, WhereParserTests.Context);
            return;
        }

        AssertRejected(where, problem);
    }

    [Theory]
    [InlineData("name LIKE 'a' ESCAPE '!!'", "ESCAPE takes a string of exactly one character")]
    [InlineData("name LIKE 'a' ESCAPE ''", "ESCAPE takes a string of exactly one character")]
    [InlineData("name LIKE 'a' ESCAPE 1", "ESCAPE takes a string of exactly one character")]
    [InlineData("name LIKE 'a!' ESCAPE '!'", "The LIKE pattern ends with its escape character '!'")]
    [InlineData("name LIKE name ESCAPE '!'", "With ESCAPE the LIKE pattern must be a constant string")]
    [InlineData("pop LIKE '1%'", "LIKE needs text, not field 'Pop' (an integer)")]
    [InlineData("name LIKE 5", "A LIKE pattern needs text, not the number 5")]
    [InlineData("photo LIKE 'a'", "field 'Photo' (a blob) can only be tested with IS NULL or IS NOT NULL")]
    [InlineData("photo = 'a'", "can only be tested with IS NULL or IS NOT NULL")]
    [InlineData("name = 5", "Cannot compare field 'Name' (text) with the number 5 (quote a value to compare it as text)")]
    [InlineData("pop = 'abc'", "The string 'abc' is not a number, so it cannot meet field 'Pop' (an integer)")]
    [InlineData("created = 'yesterday'", "The string 'yesterday' is not a date")]
    [InlineData("created = '2020-02-30'", "is not a date")]
    [InlineData("closes = '25:00:00'", "is not a time (hh:mm:ss)")]
    [InlineData("globalid = 'abc'", "The string 'abc' is not a GUID")]
    [InlineData("closes = created", "Cannot compare field 'Closes' (a time-only value) with field 'Created' (a date)")]
    [InlineData("birth = 5", "Cannot compare field 'Birth' (a date-only value) with the number 5")]
    [InlineData("arrival > 5", "Cannot compare field 'Arrival' (a timestamp with offset) with the number 5")]
    [InlineData("pop IN (1, 'x')", "The string 'x' is not a number")]
    [InlineData("pop BETWEEN 1 AND 'x'", "The string 'x' is not a number")]
    [InlineData("name + 'x' = 'ax'", "Cannot apply '+' to field 'Name' (text) and the string 'x' (use || to join text)")]
    [InlineData("created + 1 > created", "Cannot apply '+' to field 'Created' (a date) and the number 1")]
    [InlineData("created * 2 > created", "Cannot apply '*'")]
    [InlineData("created || 'x' = 'a'", "Cannot apply '||'")]
    [InlineData("-name = 'a'", "Cannot negate field 'Name' (text)")]
    [InlineData("+name = 'a'", "Unary '+' needs a number")]
    public void RejectsTypeMistakes(string where, string problem) => AssertRejected(where, problem);

    [Theory]
    [InlineData("created = date '2020-13-01'", "DATE '2020-13-01' is not valid (expected 'yyyy-mm-dd')")]
    [InlineData("created = timestamp '2020-01-01 24:00:00'", "TIMESTAMP '2020-01-01 24:00:00' is not valid")]
    [InlineData("created = timestamp '2020-01-01 10:00:00 +15:00'", "is not valid")]
    [InlineData("created = timestamp '0001-01-01 00:00:00 +01:00'", "is not valid")]
    [InlineData("closes = time '10:00'", "TIME '10:00' is not valid (expected 'hh:mm:ss')")]
    [InlineData("closes = time '10:00:00.5'", "is not valid")]
    [InlineData("created > created - INTERVAL '1' WEEK", "Expected DAY, HOUR, MINUTE or SECOND but found 'WEEK'")]
    [InlineData("created > created - INTERVAL '1' HOUR TO DAY", "INTERVAL HOUR TO DAY is not a valid range")]
    [InlineData("created > created - INTERVAL '1:30' DAY TO HOUR", "INTERVAL '1:30' does not fit DAY TO HOUR")]
    [InlineData("created > created - INTERVAL '1 24' DAY TO HOUR", "does not fit DAY TO HOUR")]
    [InlineData("created > created - INTERVAL 'x' DAY", "does not fit DAY")]
    [InlineData("created > created - INTERVAL '1.5' DAY", "does not fit DAY")]
    public void RejectsBadDatesAndIntervals(string where, string problem) => AssertRejected(where, problem);

    [Theory]
    [InlineData("ABS() = 1", "ABS takes 1 argument")]
    [InlineData("ABS(pop, 2) = 1", "ABS takes 1 argument")]
    [InlineData("POWER(pop) = 1", "POWER takes 2 arguments")]
    [InlineData("ROUND(area, 1, 2) = 1", "ROUND takes 1 or 2 arguments")]
    [InlineData("CONCAT(name) = 'a'", "CONCAT takes at least 2 arguments")]
    [InlineData("ABS(name) = 1", "ABS needs a number, not field 'Name' (text)")]
    [InlineData("ROUND(area, pop) = 1", "ROUND digits must be a whole-number constant")]
    [InlineData("ROUND(area, 99) = 1", "ROUND digits must be between -15 and 15")]
    [InlineData("ROUND(area, -2147483648) = 1", "ROUND digits must be between -15 and 15")]
    [InlineData("TRUNCATE(area, 2147483648) = 1", "TRUNCATE digits must be a whole-number constant")]
    [InlineData("SUBSTRING(name FROM 2147483648) = 'a'", "SUBSTRING start must be a whole-number constant")]
    [InlineData("UPPER(pop) = 'A'", "UPPER needs text")]
    [InlineData("CHAR_LENGTH(created) = 1", "CHAR_LENGTH needs text")]
    [InlineData("CONCAT(name, created) = 'a'", "CONCAT joins text and numbers, not field 'Created' (a date)")]
    [InlineData("SUBSTRING(name FROM pop) = 'a'", "SUBSTRING start must be a whole-number constant")]
    [InlineData("SUBSTRING(name FROM 1 FOR -1) = 'a'", "SUBSTRING length must not be negative")]
    [InlineData("SUBSTRING(name 1) = 'a'", "Expected FROM but found '1'")]
    [InlineData("POSITION('a', name) = 1", "Expected IN but found ','")]
    [InlineData("TRIM(LEADING 'x' name) = 'a'", "Expected FROM")]
    [InlineData("COALESCE(pop, name) = 1", "COALESCE mixes an integer with field 'Name' (text)")]
    [InlineData("CAST(pop AS TEXT) = 'a'", "Cannot CAST to 'TEXT'")]
    [InlineData("CAST(pop AS DATE) = birth", "Cannot CAST field 'Pop' (an integer) AS DATE")]
    [InlineData("CAST(name AS TIME) = closes", "Cannot CAST field 'Name' (text) AS TIME")]
    [InlineData("CAST('abc' AS INT) = pop", "Cannot CAST the string 'abc' AS INT")]
    [InlineData("CAST(name AS VARCHAR(0)) = 'a'", "VARCHAR length must be a whole number from 1")]
    [InlineData("CAST(pop INT) = 1", "Expected AS but found 'INT'")]
    [InlineData("EXTRACT(WEEK FROM created) = 1", "Unknown date part 'WEEK'")]
    [InlineData("EXTRACT(HOUR FROM birth) = 1", "Cannot EXTRACT HOUR from field 'Birth' (a date-only value)")]
    [InlineData("EXTRACT(YEAR FROM closes) = 1", "Cannot EXTRACT YEAR from field 'Closes'")]
    [InlineData("EXTRACT(YEAR FROM name) = 1", "Cannot EXTRACT YEAR from field 'Name'")]
    [InlineData("ABS(pop = 1)", "Expected ')' to close ABS( but found '='")]
    public void RejectsBadFunctionCalls(string where, string problem) => AssertRejected(where, problem);

    [Fact]
    public void EveryFailureIsTheWhereEnvelope()
    {
        var error = Assert.Throws<ArcGisException>(() => WhereParser.Parse("foo = 1", WhereAst.Fields, WhereParserTests.Context));
        Assert.Equal(400, error.Code);
        Assert.Equal("Cannot perform query. Invalid query parameters.", error.Message);
        Assert.Equal(["'where' parameter is invalid", "Unknown field 'foo' at character 1."], error.Details);
    }

    [Fact]
    public void NamesTheParameterItWasGiven()
    {
        var context = WhereParserTests.Context with { ParameterName = "havingClause" };
        var error = Assert.Throws<ArcGisException>(() => WhereParser.Parse("foo = 1", WhereAst.Fields, context));
        Assert.Equal("'havingClause' parameter is invalid", error.Details[0]);
    }

    [Fact]
    public void RejectsAClauseLongerThanTheMaximum() =>
        AssertRejected("pop = 1" + new string(' ', WhereContext.DefaultMaxLength), "The clause is longer than 65536 characters.");

    // Minus signs are spaced: "--" starts a comment.
    public static TheoryData<string> NestedTooDeeply => new()
    {
        Nested("(", "pop = 1", ")"),
        Nested("NOT ", "pop = 1", ""),
        "pop = " + Nested("- ", "1", ""),
        "pop = " + Nested("ABS(", "1", ")"),
        "pop = " + Nested("(", "1", ")"),
    };

    [Theory]
    [MemberData(nameof(NestedTooDeeply))]
    public void RejectsNestingDeeperThanTheLimit(string where) =>
        AssertRejected(where, $"The clause is nested deeper than {WhereContext.DefaultMaxDepth} levels");

    [Fact]
    public void RejectsLongOperatorChainsAsDeepNesting() =>
        AssertRejected("pop = 1" + string.Concat(Enumerable.Repeat(" + 1", 100)), "nested deeper than");

    [Fact]
    public void RejectsMoreLiteralsThanTheLimit()
    {
        var context = WhereParserTests.Context with { MaxLiterals = 10 };
        var error = Assert.Throws<ArcGisException>(() =>
            WhereParser.Parse("pop IN (1,2,3,4,5,6,7,8,9,10,11)", WhereAst.Fields, context));
        Assert.Contains("more than 10 literal values", error.Details[1], StringComparison.Ordinal);
    }

    private static string Nested(string open, string inner, string close)
    {
        var levels = WhereContext.DefaultMaxDepth + 1;
        return string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));
    }

    internal static void AssertRejected(string where, string problem)
    {
        var error = Assert.Throws<ArcGisException>(() => WhereParser.Parse(where, WhereAst.Fields, WhereParserTests.Context));
        Assert.Equal(400, error.Code);
        Assert.Equal(WhereParser.Message, error.Message);
        Assert.Equal("'where' parameter is invalid", error.Details[0]);
        Assert.Contains(problem, error.Details[1], StringComparison.Ordinal);
    }
}
