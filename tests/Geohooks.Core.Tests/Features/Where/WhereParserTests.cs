using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;

namespace Geohooks.Core.Tests.Features.Where;

public class WhereParserTests
{
    [Theory]
    [InlineData("1=1", "(1 = 1)")]
    [InlineData("1=0", "(1 = 0)")]
    [InlineData("9999=9999", "(9999 = 9999)")]
    [InlineData("pop > 5", "(Pop > 5)")]
    [InlineData("POP >= 5", "(Pop >= 5)")]
    [InlineData("Pop < 5", "(Pop < 5)")]
    [InlineData("Pop <= 5", "(Pop <= 5)")]
    [InlineData("Pop <> 5", "(Pop <> 5)")]
    [InlineData("Pop != 5", "(Pop <> 5)")]
    [InlineData("\"Pop\" = 5", "(Pop = 5)")]
    [InlineData("\"From\" = 'x'", "(From = 'x')")]
    [InlineData("Area = 1.5", "(Area = 1.5r)")]
    [InlineData("Area = .5", "(Area = 0.5r)")]
    [InlineData("Area = 1e3", "(Area = 1000r)")]
    [InlineData("Area = -2.5E-1", "(Area = -0.25r)")]
    [InlineData("Pop = 99999999999999999999", "(Pop = 1E+20r)")]
    [InlineData("Name = 'it''s'", "(Name = 'it''s')")]
    [InlineData("Name = ''", "(Name = '')")]
    [InlineData("Name = 'Zürich ✓'", "(Name = 'Zürich ✓')")]
    public void ParsesComparisons(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("pop > 1 and pop < 5", "AND((Pop > 1), (Pop < 5))")]
    [InlineData("pop > 1 OR pop < 5 AND name = 'a'", "OR((Pop > 1), AND((Pop < 5), (Name = 'a')))")]
    [InlineData("(pop > 1 OR pop < 5) AND name = 'a'", "AND(OR((Pop > 1), (Pop < 5)), (Name = 'a'))")]
    [InlineData("pop = 1 OR pop = 2 OR pop = 3", "OR((Pop = 1), (Pop = 2), (Pop = 3))")]
    [InlineData("pop = 1 OR (pop = 2 OR pop = 3)", "OR((Pop = 1), (Pop = 2), (Pop = 3))")]
    [InlineData("NOT pop = 1", "NOT((Pop = 1))")]
    [InlineData("NOT NOT pop = 1", "NOT(NOT((Pop = 1)))")]
    [InlineData("NOT pop = 1 AND pop = 2", "AND(NOT((Pop = 1)), (Pop = 2))")]
    [InlineData("((pop = 1))", "(Pop = 1)")]
    [InlineData("(pop) = 1", "(Pop = 1)")]
    [InlineData("((pop + 1)) * 2 > 3", "(((Pop + 1) * 2) > 3)")]
    [InlineData("(pop + 1 > 3)", "((Pop + 1) > 3)")]
    [InlineData("(POSITION('a' IN name)) = 1", "(POSITION('a', Name) = 1)")]
    public void ParsesLogicAndParentheses(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("name LIKE 'a%'", "(Name LIKE 'a%')")]
    [InlineData("name not like '%a_'", "(Name NOT LIKE '%a_')")]
    [InlineData("name LIKE '50!%' ESCAPE '!'", "(Name LIKE '50!%' ESCAPE '!')")]
    [InlineData("name LIKE '%' || current_user || '%'", "(Name LIKE (('%' || 'jsmith') || '%'))")]
    [InlineData("name LIKE name", "(Name LIKE Name)")]
    [InlineData("pop IN (1, 2, 3)", "(Pop IN [1, 2, 3])")]
    [InlineData("pop NOT IN (1)", "(Pop NOT IN [1])")]
    [InlineData("pop IN ('1', '2')", "(Pop IN [1, 2])")]
    [InlineData("pop BETWEEN 1 AND 5", "(Pop BETWEEN 1 AND 5)")]
    [InlineData("pop NOT BETWEEN 1 AND 5 AND pop > 0", "AND((Pop NOT BETWEEN 1 AND 5), (Pop > 0))")]
    [InlineData("name IS NULL", "(Name IS NULL)")]
    [InlineData("name is not null", "(Name IS NOT NULL)")]
    [InlineData("photo IS NULL", "(Photo IS NULL)")]
    [InlineData("shape IS NULL", "(shape IS NULL)")]
    [InlineData("SHAPE IS NOT NULL AND pop > 1", "AND((shape IS NOT NULL), (Pop > 1))")]
    public void ParsesPredicates(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("pop + 1 * 2 = 3", "((Pop + (1 * 2)) = 3)")]
    [InlineData("pop - 1 - 2 = 3", "(((Pop - 1) - 2) = 3)")]
    [InlineData("pop / 2 = 3", "((Pop / 2) = 3)")]
    [InlineData("-pop = -3", "(-(Pop) = -3)")]
    [InlineData("- -3 = 3", "(3 = 3)")]
    [InlineData("+pop = 3", "(Pop = 3)")]
    [InlineData("name || 'x' || pop = 'ax1'", "(((Name || 'x') || Pop) = 'ax1')")]
    [InlineData("name || pop + 1 = 'a2'", "((Name || (Pop + 1)) = 'a2')")]
    public void ParsesArithmetic(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("created = timestamp '2003-01-25 14:35:00'", "(Created = TIMESTAMP '2003-01-25 14:35:00.000Z')")]
    [InlineData("created = TIMESTAMP '2003-01-25 14:35:00.5 -08:00'", "(Created = TIMESTAMP '2003-01-25 22:35:00.500Z')")]
    [InlineData("created = timestamp '2003-01-25T14:35:00Z'", "(Created = TIMESTAMP '2003-01-25 14:35:00.000Z')")]
    [InlineData("created = timestamp '2003-01-25 14:35:00.123456789+0530'", "(Created = TIMESTAMP '2003-01-25 09:05:00.123Z')")]
    [InlineData("created > date '2003-1-5'", "(Created > DATE '2003-01-05')")]
    [InlineData("created > '2003-01-25'", "(Created > DATE '2003-01-25')")]
    [InlineData("created > '2003-01-25 10:00:00'", "(Created > TIMESTAMP '2003-01-25 10:00:00.000Z')")]
    [InlineData("created > 1043500000000", "(Created > 1043500000000)")]
    [InlineData("birth = date '1990-01-25'", "(Birth = DATE '1990-01-25')")]
    [InlineData("Date = date '1990-01-25'", "(Date = DATE '1990-01-25')")]
    [InlineData("closes = time '21:00:00'", "(Closes = TIME '21:00:00')")]
    [InlineData("closes < '09:30:00'", "(Closes < TIME '09:30:00')")]
    [InlineData("arrival = timestamp '2003-01-25 14:35:00 -08:00'", "(Arrival = TIMESTAMP '2003-01-25 22:35:00.000Z')")]
    [InlineData("created > CURRENT_TIMESTAMP - INTERVAL '1' DAY", "(Created > (CURRENT_TIMESTAMP - INTERVAL 86400000ms))")]
    [InlineData("created > current_date - interval '1 04' DAY TO HOUR", "(Created > (CURRENT_DATE - INTERVAL 100800000ms))")]
    [InlineData("created > created - INTERVAL '1 02:03' DAY TO MINUTE", "(Created > (Created - INTERVAL 93780000ms))")]
    [InlineData("created > created - INTERVAL '3 05:32:28' DAY TO SECOND", "(Created > (Created - INTERVAL 279148000ms))")]
    [InlineData("created > created - INTERVAL '05:32' HOUR TO MINUTE", "(Created > (Created - INTERVAL 19920000ms))")]
    [InlineData("created > created - INTERVAL '05:32:28.5' HOUR TO SECOND", "(Created > (Created - INTERVAL 19948500ms))")]
    [InlineData("created > created - INTERVAL '32:28' MINUTE TO SECOND", "(Created > (Created - INTERVAL 1948000ms))")]
    [InlineData("created > created - INTERVAL '-90' MINUTE", "(Created > (Created - INTERVAL -5400000ms))")]
    [InlineData("CURRENT_TIMESTAMP - created < INTERVAL '36' HOUR", "((CURRENT_TIMESTAMP - Created) < INTERVAL 129600000ms)")]
    [InlineData("closes > CURRENT_TIME", "(Closes > CURRENT_TIME)")]
    [InlineData("birth = CURRENT_DATE", "(Birth = CURRENT_DATE)")]
    public void ParsesDatesAndIntervals(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("ABS(pop) = 1", "(ABS(Pop) = 1)")]
    [InlineData("ceiling(area) = 1", "(CEILING(Area) = 1)")]
    [InlineData("FLOOR(area) = 1", "(FLOOR(Area) = 1)")]
    [InlineData("LOG(area) > 1 AND LOG10(area) > 1", "AND((LOG(Area) > 1), (LOG10(Area) > 1))")]
    [InlineData("POWER(pop, 2) = 4", "(POWER(Pop, 2) = 4)")]
    [InlineData("ROUND(area, 2) = 1.25", "(ROUND(Area, 2) = 1.25r)")]
    [InlineData("ROUND(area) = 1", "(ROUND(Area, 0) = 1)")]
    [InlineData("ROUND(area, -2) = 100", "(ROUND(Area, -2) = 100)")]
    [InlineData("TRUNCATE(area, 1) = 1.2", "(TRUNCATE(Area, 1) = 1.2r)")]
    [InlineData("MOD(pop, 3) = 1", "(MOD(Pop, 3) = 1)")]
    [InlineData("COS(area) + SIN(area) + TAN(area) > 0", "(((COS(Area) + SIN(Area)) + TAN(Area)) > 0)")]
    [InlineData("CHAR_LENGTH(name) = 3", "(CHARLENGTH(Name) = 3)")]
    [InlineData("CONCAT(name, pop, 'x') = 'a1x'", "(CONCAT(Name, Pop, 'x') = 'a1x')")]
    [InlineData("LOWER(name) = 'a' AND UPPER(name) = 'A'", "AND((LOWER(Name) = 'a'), (UPPER(Name) = 'A'))")]
    [InlineData("POSITION(current_user IN name) > 0", "(POSITION('jsmith', Name) > 0)")]
    [InlineData("SUBSTRING(name FROM 2 FOR 3) = 'abc'", "(SUBSTRING(Name, 2, 3) = 'abc')")]
    [InlineData("SUBSTRING(name FROM -1) = 'abc'", "(SUBSTRING(Name, -1) = 'abc')")]
    [InlineData("SUBSTRING(name, 2, 3) = 'abc'", "(SUBSTRING(Name, 2, 3) = 'abc')")]
    [InlineData("TRIM(name) = 'a'", "(TRIM(BOTH FROM Name) = 'a')")]
    [InlineData("TRIM(BOTH FROM name) = 'a'", "(TRIM(BOTH FROM Name) = 'a')")]
    [InlineData("TRIM(LEADING 'x' FROM name) = 'a'", "(TRIM(LEADING 'x' FROM Name) = 'a')")]
    [InlineData("TRIM(trailing 'x' FROM name) = 'a'", "(TRIM(TRAILING 'x' FROM Name) = 'a')")]
    [InlineData("TRIM('x' FROM name) = 'a'", "(TRIM(BOTH 'x' FROM Name) = 'a')")]
    [InlineData("COALESCE(pop, 0) = 0", "(COALESCE(Pop, 0) = 0)")]
    [InlineData("COALESCE(name, 'none') = 'none'", "(COALESCE(Name, 'none') = 'none')")]
    [InlineData("COALESCE(birth, '2000-01-01') = created", "(COALESCE(Birth, DATE '2000-01-01') = Created)")]
    [InlineData("NULLIF(pop, 0) IS NULL", "(NULLIF(Pop, 0) IS NULL)")]
    [InlineData("CAST(area AS INT) = 1", "(CAST(Area AS Integer) = 1)")]
    [InlineData("CAST(pop AS FLOAT) / 2 = 1.5", "((CAST(Pop AS Real) / 2) = 1.5r)")]
    [InlineData("CAST(pop AS VARCHAR(3)) = '100'", "(CAST(Pop AS String(3)) = '100')")]
    [InlineData("CAST(created AS DATE) = birth", "(CAST(Created AS DateOnly) = Birth)")]
    [InlineData("CAST(arrival AS TIMESTAMP) > created", "(CAST(Arrival AS Timestamp) > Created)")]
    [InlineData("CAST('2020-02-03 10:00:00' AS DATE) = birth", "(DATE '2020-02-03' = Birth)")]
    [InlineData("CAST('12' AS INT) = pop", "(CAST(12 AS Integer) = Pop)")]
    [InlineData("EXTRACT(YEAR FROM created) = 2020", "(EXTRACT(YEAR FROM Created) = 2020)")]
    [InlineData("extract(hour from closes) = 9", "(EXTRACT(HOUR FROM Closes) = 9)")]
    [InlineData("EXTRACT(MONTH FROM '2020-05-01') = 5", "(EXTRACT(MONTH FROM DATE '2020-05-01') = 5)")]
    public void ParsesFunctions(string where, string expected) => AssertParses(where, expected);

    [Theory]
    [InlineData("globalid = '{8a1b2c3d-0000-4000-8000-00000000abcd}'", "(GlobalID = '{8A1B2C3D-0000-4000-8000-00000000ABCD}')")]
    [InlineData("globalid = '8a1b2c3d-0000-4000-8000-00000000abcd'", "(GlobalID = '{8A1B2C3D-0000-4000-8000-00000000ABCD}')")]
    [InlineData("globalid IN ('8a1b2c3d00004000800000000000abcd')", "(GlobalID IN ['{8A1B2C3D-0000-4000-8000-00000000ABCD}'])")]
    [InlineData("globalid LIKE '{8A%'", "(GlobalID LIKE '{8A%')")]
    [InlineData("pop = '5'", "(Pop = 5)")]
    [InlineData("'5' = pop", "(5 = Pop)")]
    [InlineData("area > ' 1.5 '", "(Area > 1.5r)")]
    [InlineData("'a' = 'a'", "('a' = 'a')")]
    public void ReadsStringLiteralsAsTheTypeTheyMeet(string where, string expected) => AssertParses(where, expected);

    [Fact]
    public void ResolvesFieldsToTheirDefinitions()
    {
        var comparison = Assert.IsType<WhereComparison>(WhereParser.Parse("pOP = 1", WhereAst.Fields, Context));
        var field = Assert.IsType<WhereField>(comparison.Left);
        Assert.Same(WhereAst.Fields[2], field.Field);
        Assert.Equal(WhereType.Integer, field.Type);
    }

    [Fact]
    public void CurrentUserOfAnAnonymousCallerIsATypedNull() =>
        Assert.Equal("(Name = NULL:String)", WhereAst.Render(WhereParser.Parse("name = current_user", WhereAst.Fields, WhereContext.Anonymous)));

    [Fact]
    public void AFieldNamedShapeIsAFieldNotTheGeometry()
    {
        FieldDefinition[] fields = [new() { Name = "Shape", Type = FieldType.String }];
        Assert.Equal("(Shape = 'x')", WhereAst.Render(WhereParser.Parse("shape = 'x'", fields, Context)));
        Assert.Equal("(Shape IS NULL)", WhereAst.Render(WhereParser.Parse("shape IS NULL", fields, Context)));
    }

    [Fact]
    public void AcceptsNestingUpToTheLimit()
    {
        var depth = WhereContext.DefaultMaxDepth;
        AssertParses(new string('(', depth) + "pop = 1" + new string(')', depth), "(Pop = 1)");
        AssertParses("pop = " + string.Concat(Enumerable.Repeat("- ", depth)) + "1", "(Pop = 1)");
    }

    [Fact]
    public void AcceptsAClauseOfExactlyTheMaximumLength()
    {
        var where = "pop = 1";
        AssertParses(where + new string(' ', WhereContext.DefaultMaxLength - where.Length), "(Pop = 1)");
    }

    [Fact]
    public void AcceptsLongOrListsBecauseTheyAreFlat()
    {
        var where = string.Join(" OR ", Enumerable.Range(0, 2000).Select(i => $"pop = {i}"));
        var or = Assert.IsType<WhereOr>(WhereParser.Parse(where, WhereAst.Fields, Context));
        Assert.Equal(2000, or.Operands.Count);
    }

    [Fact]
    public void FoldsLongConstantPatternsInLinearTime()
    {
        var where = "name LIKE CONCAT(" + string.Join(", ", Enumerable.Repeat("'x'", 5000)) + ")";
        var like = Assert.IsType<WhereLike>(WhereParser.Parse(where, WhereAst.Fields, Context));
        Assert.True(WhereConstants.TryFoldString(like.Pattern, out var pattern));
        Assert.Equal(new string('x', 5000), pattern);
    }

    internal static readonly WhereContext Context = new("jsmith");

    private static void AssertParses(string where, string expected) =>
        Assert.Equal(expected, WhereAst.Render(WhereParser.Parse(where, WhereAst.Fields, Context)));
}
