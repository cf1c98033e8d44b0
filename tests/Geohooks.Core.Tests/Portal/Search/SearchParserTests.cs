using Geohooks.Core.Errors;
using Geohooks.Core.Portal.Search;

namespace Geohooks.Core.Tests.Portal.Search;

public class SearchParserTests
{
    [Theory]
    [InlineData(null, "ALL")]
    [InlineData("", "ALL")]
    [InlineData("   \t ", "ALL")]
    [InlineData("*", "ALL")]
    [InlineData("parcels", "=parcels")]
    [InlineData("Parcels", "=Parcels")]
    [InlineData("parc*", "parc*")]
    [InlineData("\"feature service\"", "\"feature service\"")]
    [InlineData("it's", "=it's")]
    [InlineData("'hello world'", "OR(='hello, =world')")]
    [InlineData("a-b", "=a-b")]
    [InlineData("a&b", "=a&b")]
    public void ParsesSingleTerms(string? q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("owner:jsmith", "owner:=jsmith")]
    [InlineData("OWNER:JSmith", "owner:=JSmith")]
    [InlineData("Title:Parcels", "title:=Parcels")]
    [InlineData("owner: jsmith", "owner:=jsmith")]
    [InlineData("owner :jsmith", "owner:=jsmith")]
    [InlineData("type:\"Feature Service\"", "type:\"Feature Service\"")]
    [InlineData("title:parc*", "title:parc*")]
    [InlineData("owner:*", "ALL")]
    [InlineData("title:foo\\:bar", "title:=foo:bar")]
    [InlineData("title:a\\ b", "title:=a b")]
    [InlineData("title:\\*", "title:=*")]
    [InlineData("title:\"say \\\"hi\\\"\"", "title:\"say \"hi\"\"")]
    [InlineData("title:\"parc*\"", "title:\"parc*\"")]
    [InlineData("title:and", "title:=and")]
    public void ParsesFieldedTerms(string q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("id: abc AND group: def", "AND(id:=abc, group:=def)")]
    [InlineData("owner:jsmith AND type:\"Feature Service\"", "AND(owner:=jsmith, type:\"Feature Service\")")]
    [InlineData("owner:esri AND tags:streets", "AND(owner:=esri, tags:=streets)")]
    [InlineData("email:someone@example.com", "email:=someone@example.com")]
    public void ParsesQueriesThatArcGisClientsSend(string q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("tags:(a OR b)", "OR(tags:=a, tags:=b)")]
    [InlineData("tags:(a b)", "OR(tags:=a, tags:=b)")]
    [InlineData("tags:(a AND \"b c\" AND d*)", "AND(tags:=a, tags:\"b c\", tags:d*)")]
    [InlineData("tags:(a OR owner:x)", "OR(tags:=a, owner:=x)")]
    [InlineData("tags:(a OR (b AND c))", "OR(tags:=a, AND(tags:=b, tags:=c))")]
    [InlineData("created:([1 TO 2] OR [5 TO *])", "OR(created:[1..2], created:[5..*])")]
    [InlineData("tags:(NOT a)", "NOT(tags:=a)")]
    [InlineData("tags:(*)", "ALL")]
    public void AppliesAFieldToEveryTermInItsGroup(string q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("created:[0000001249084800000 TO 0000001249548000000]", "created:[0000001249084800000..0000001249548000000]")]
    [InlineData("modified:{1 TO 5}", "modified:{1..5}")]
    [InlineData("created:[* TO 5]", "created:[*..5]")]
    [InlineData("created:{5 TO *}", "created:{5..*}")]
    [InlineData("created:[* TO *]", "created:[*..*]")]
    [InlineData("title:[\"a b\" TO c]", "title:[a b..c]")]
    [InlineData("created: [1 TO 2]", "created:[1..2]")]
    [InlineData("created:[\\* TO 2]", "created:[*..2]")]
    public void ParsesRanges(string q, string expected) => AssertParses(q, expected);

    [Fact]
    public void KeepsAnEscapedStarAsAClosedRangeBound()
    {
        var range = Assert.IsType<RangeNode>(SearchParser.Parse("created:[\\* TO *]"));
        Assert.Equal("*", range.From);
        Assert.Null(range.To);
    }

    [Theory]
    [InlineData("NOT type:map", "NOT(type:=map)")]
    [InlineData("-owner:x", "NOT(owner:=x)")]
    [InlineData("+owner:x", "owner:=x")]
    [InlineData("NOT NOT a", "NOT(NOT(=a))")]
    [InlineData("- a", "NOT(=a)")]
    [InlineData("-(a OR b)", "NOT(OR(=a, =b))")]
    [InlineData("a AND NOT b", "AND(=a, NOT(=b))")]
    [InlineData("a AND -b", "AND(=a, NOT(=b))")]
    [InlineData("NOT a AND b", "AND(NOT(=a), =b)")]
    public void ParsesUnaryOperators(string q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("a AND b OR c", "OR(AND(=a, =b), =c)")]
    [InlineData("a OR b AND c", "OR(=a, AND(=b, =c))")]
    [InlineData("a OR b AND c OR d", "OR(=a, AND(=b, =c), =d)")]
    [InlineData("(a OR b) AND c", "AND(OR(=a, =b), =c)")]
    [InlineData("a AND b AND c", "AND(=a, =b, =c)")]
    [InlineData("a AND (b AND c)", "AND(=a, =b, =c)")]
    [InlineData("a OR (b OR c)", "OR(=a, =b, =c)")]
    [InlineData("((a))", "=a")]
    [InlineData("a && b || c", "OR(AND(=a, =b), =c)")]
    [InlineData("a and b", "OR(=a, =and, =b)")]
    [InlineData("a or b", "OR(=a, =or, =b)")]
    [InlineData("a Not b", "OR(=a, =Not, =b)")]
    [InlineData("title:TO", "title:=TO")]
    [InlineData("\\AND", "=AND")]
    public void AppliesPrecedenceAndFlattens(string q, string expected) => AssertParses(q, expected);

    [Theory]
    [InlineData("map services", "OR(=map, =services)")]
    [InlineData("a b c", "OR(=a, =b, =c)")]
    [InlineData("a b AND c", "OR(=a, AND(=b, =c))")]
    [InlineData("a b -c", "AND(OR(=a, =b), NOT(=c))")]
    [InlineData("\"recent fires\" NOT \"Texas\"", "AND(\"recent fires\", NOT(\"Texas\"))")]
    [InlineData("a OR NOT b", "AND(=a, NOT(=b))")]
    [InlineData("a OR (NOT b)", "OR(=a, NOT(=b))")]
    [InlineData("-a -b", "AND(NOT(=a), NOT(=b))")]
    [InlineData("+a b", "=a")]
    [InlineData("+a +b", "AND(=a, =b)")]
    [InlineData("+a +b c -d", "AND(=a, =b, NOT(=d))")]
    [InlineData("+a OR b", "=a")]
    [InlineData("(a b) AND c", "AND(OR(=a, =b), =c)")]
    public void CombinesJuxtaposedClausesLikeLucene(string q, string expected) => AssertParses(q, expected);

    [Fact]
    public void AcceptsThirtyTwoLevelsOfNesting() =>
        AssertParses(new string('(', 32) + "a" + new string(')', 32), "=a");

    [Fact]
    public void AcceptsAQueryOfExactlyTheMaximumLength() =>
        AssertParses("a" + new string(' ', SearchParser.MaxLength - 1), "=a");

    [Theory]
    [InlineData("(a", "unbalanced '('")]
    [InlineData("a)", "unbalanced ')'")]
    [InlineData("(a OR b))", "unbalanced ')'")]
    [InlineData("((a)", "unbalanced '('")]
    [InlineData("()", "empty parentheses")]
    [InlineData("\"abc", "unbalanced '\"'")]
    [InlineData("title:\"abc", "unbalanced '\"'")]
    [InlineData("\"\"", "empty phrase")]
    [InlineData("a AND", "'AND' has nothing after it")]
    [InlineData("a OR", "'OR' has nothing after it")]
    [InlineData("a &&", "'AND' has nothing after it")]
    [InlineData("AND a", "'AND' has nothing before it")]
    [InlineData("OR a", "'OR' has nothing before it")]
    [InlineData("a AND OR b", "'AND' has nothing after it")]
    [InlineData("(a AND) b", "'AND' has nothing after it")]
    [InlineData("NOT", "'NOT' has nothing after it")]
    [InlineData("a -", "'-' has nothing after it")]
    [InlineData("+", "'+' has nothing after it")]
    [InlineData("owner:", "'owner:' has no value")]
    [InlineData("owner: AND b", "'owner:' has no value")]
    [InlineData("owner:)", "'owner:' has no value")]
    [InlineData("owner:-x", "'owner:' has no value")]
    [InlineData(":x", "unexpected ':'")]
    [InlineData("a:b:c", "unexpected ':'")]
    [InlineData("\"a\":b", "unexpected ':'")]
    [InlineData("ti*:x", "is not a field name")]
    [InlineData("created:[1 2]", "no TO")]
    [InlineData("created:[1]", "no TO")]
    [InlineData("created:[1 to 2]", "no TO")]
    [InlineData("created:[1 TO]", "no upper bound")]
    [InlineData("created:[TO 2]", "no lower bound")]
    [InlineData("created:[", "no lower bound")]
    [InlineData("created:[1 TO 2", "not closed with ']'")]
    [InlineData("created:[1 TO 2}", "not closed with ']'")]
    [InlineData("created:{1 TO 2]", "not closed with '}'")]
    [InlineData("[1 TO 2]", "a range needs a field")]
    [InlineData("a ] b", "unexpected ']'")]
    [InlineData("title:foo\\", "escapes nothing")]
    public void RejectsMalformedQueries(string q, string problem)
    {
        var error = Assert.Throws<ArcGisException>(() => SearchParser.Parse(q));
        AssertInvalidQuery(error);
        Assert.Contains(problem, error.Details[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a AND", "at character 3.")]
    [InlineData("(a", "at character 1.")]
    [InlineData("a OR b)", "at character 7.")]
    [InlineData("id: x AND created:[1 2]", "at character 22.")]
    public void NamesThePositionOfTheProblem(string q, string position)
    {
        var error = Assert.Throws<ArcGisException>(() => SearchParser.Parse(q));
        Assert.EndsWith(position, error.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAQueryLongerThanTheMaximum()
    {
        var error = Assert.Throws<ArcGisException>(() => SearchParser.Parse(new string('a', SearchParser.MaxLength + 1)));
        AssertInvalidQuery(error);
        Assert.Contains("longer than 2048 characters", error.Details[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("NOT ", "")]
    [InlineData("-", "")]
    [InlineData("tags:(", ")")]
    public void RejectsNestingDeeperThanTheMaximum(string open, string close)
    {
        var q = string.Concat(Enumerable.Repeat(open, SearchParser.MaxDepth + 1)) + "a" + string.Concat(Enumerable.Repeat(close, SearchParser.MaxDepth + 1));
        var error = Assert.Throws<ArcGisException>(() => SearchParser.Parse(q));
        AssertInvalidQuery(error);
        Assert.Contains("nested deeper than 32 levels", error.Details[0], StringComparison.Ordinal);
    }

    private static void AssertParses(string? q, string expected) => Assert.Equal(expected, SearchAst.Render(SearchParser.Parse(q)));

    private static void AssertInvalidQuery(ArcGisException error)
    {
        Assert.Equal(400, error.Code);
        Assert.Equal("Invalid or missing input parameters.", error.Message);
        Assert.StartsWith("'q': ", Assert.Single(error.Details), StringComparison.Ordinal);
    }
}
