using System.Text;

namespace Geohooks.Core.Features.Where;

/// <summary>Evaluates the string expressions that are known before the query runs.</summary>
public static class WhereConstants
{
    /// <summary>
    /// True when <paramref name="value"/> is made only of string literals (current_user included) joined by
    /// <c>||</c> or CONCAT; <paramref name="text"/> is then its value, null if it is NULL (an anonymous
    /// current_user under <c>||</c>).
    /// </summary>
    public static bool TryFoldString(WhereValue value, out string? text)
    {
        switch (value)
        {
            case WhereString literal:
                text = literal.Value;
                return true;
            case WhereNull { NullType: WhereType.String }:
                text = null;
                return true;
            case WhereArithmetic { Operator: WhereArithmeticOperator.Concatenate } concat
                when TryFoldString(concat.Left, out var left) && TryFoldString(concat.Right, out var right):
                text = left is null || right is null ? null : left + right;
                return true;
            case WhereCall { Function: WhereFunction.Concat } call:
                // CONCAT treats NULL as empty text, as SQL Server and PostgreSQL do.
                var joined = new StringBuilder();
                foreach (var argument in call.Arguments)
                {
                    if (!TryFoldString(argument, out var part))
                    {
                        text = null;
                        return false;
                    }

                    joined.Append(part);
                }

                text = joined.ToString();
                return true;
            default:
                text = null;
                return false;
        }
    }
}
