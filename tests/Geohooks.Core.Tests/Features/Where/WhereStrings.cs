using Geohooks.Core.Features.Where;

namespace Geohooks.Core.Tests.Features.Where;

/// <summary>Every string literal in a parsed where clause, wherever it sits.</summary>
internal static class WhereStrings
{
    public static IEnumerable<string> Of(WhereExpression expression) => expression switch
    {
        WhereAnd and => and.Operands.SelectMany(Of),
        WhereOr or => or.Operands.SelectMany(Of),
        WhereNot not => Of(not.Operand),
        WhereComparison c => Of(c.Left).Concat(Of(c.Right)),
        WhereLike like => Of(like.Value).Concat(Of(like.Pattern)),
        WhereIn @in => Of(@in.Value).Concat(@in.Items.SelectMany(Of)),
        WhereBetween b => Of(b.Value).Concat(Of(b.Low)).Concat(Of(b.High)),
        WhereIsNull n => Of(n.Value),
        _ => [],
    };

    public static IEnumerable<string> Of(WhereValue value) => value switch
    {
        WhereString s => [s.Value],
        WhereArithmetic a => Of(a.Left).Concat(Of(a.Right)),
        WhereNegate n => Of(n.Operand),
        WhereCall call => call.Arguments.SelectMany(Of),
        WhereTrim trim => (trim.Characters is null ? [] : Of(trim.Characters)).Concat(Of(trim.Source)),
        WhereCast cast => Of(cast.Operand),
        WhereExtract extract => Of(extract.Source),
        _ => [],
    };
}
