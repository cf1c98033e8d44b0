namespace Geohooks.Core.Features.Where;

/// <summary>
/// A parsed, type-checked where clause: a boolean condition over a layer's fields (spec §5). Values inside it
/// are <see cref="WhereValue"/>s; AND and OR are flattened into lists.
/// </summary>
public abstract record WhereExpression;

public sealed record WhereAnd(IReadOnlyList<WhereExpression> Operands) : WhereExpression;

public sealed record WhereOr(IReadOnlyList<WhereExpression> Operands) : WhereExpression;

public sealed record WhereNot(WhereExpression Operand) : WhereExpression;

public enum WhereComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

public static class WhereOperators
{
    /// <summary>The SQL spelling of an operator, as both backends write it.</summary>
    public static string Symbol(this WhereComparisonOperator op) => op switch
    {
        WhereComparisonOperator.Equal => "=",
        WhereComparisonOperator.NotEqual => "<>",
        WhereComparisonOperator.Less => "<",
        WhereComparisonOperator.LessOrEqual => "<=",
        WhereComparisonOperator.Greater => ">",
        _ => ">=",
    };

    public static string Symbol(this WhereArithmeticOperator op) => op switch
    {
        WhereArithmeticOperator.Add => "+",
        WhereArithmeticOperator.Subtract => "-",
        WhereArithmeticOperator.Multiply => "*",
        WhereArithmeticOperator.Divide => "/",
        _ => "||",
    };
}

/// <summary><c>left op right</c>; the operands have a common type (<see cref="WhereTypes.Common"/>).</summary>
public sealed record WhereComparison(WhereValue Left, WhereComparisonOperator Operator, WhereValue Right) : WhereExpression;

/// <summary>
/// <c>value [NOT] LIKE pattern [ESCAPE 'c']</c> over text. With an escape character the pattern is a constant
/// (<see cref="WhereConstants.TryFoldString"/>) and a valid <see cref="LikePattern"/>.
/// </summary>
public sealed record WhereLike(WhereValue Value, WhereValue Pattern, char? Escape, bool Negated) : WhereExpression;

/// <summary><c>value [NOT] IN (items)</c>; never empty; every item has a common type with the value.</summary>
public sealed record WhereIn(WhereValue Value, IReadOnlyList<WhereValue> Items, bool Negated) : WhereExpression;

public sealed record WhereBetween(WhereValue Value, WhereValue Low, WhereValue High, bool Negated) : WhereExpression;

public sealed record WhereIsNull(WhereValue Value, bool Negated) : WhereExpression;

/// <summary><c>shape IS [NOT] NULL</c>: whether a feature has a geometry (the pseudo-column <c>shape</c>).</summary>
public sealed record WhereShapeIsNull(bool Negated) : WhereExpression;
