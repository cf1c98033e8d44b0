using System.Globalization;
using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>
/// Builds the SQL of one where clause: conditions here, values and functions in the other parts. Text comparisons
/// lower() both sides unless the options ask for case-sensitivity; on SQLite that relies on the connection's
/// Unicode lower() (see <c>SqliteWhereDialect</c>).
/// </summary>
internal sealed partial class WhereSqlBuilder(IWhereDialect dialect, WhereTranslationOptions options)
{
    // Constant fragments of our own: the canonical escape character for constant LIKE patterns.
    private const char LikeEscape = '\\';

    public SqlArgs Parameters { get; } = [];

    private bool CaseInsensitive => !options.CaseSensitive;

    public static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public string Condition(WhereExpression expression) => expression switch
    {
        WhereAnd and => Balanced(and.Operands, 0, and.Operands.Count, "AND"),
        WhereOr or => Balanced(or.Operands, 0, or.Operands.Count, "OR"),
        WhereNot not => $"(NOT {Condition(not.Operand)})",
        WhereComparison comparison => Comparison(comparison),
        WhereLike like => Negated(like.Negated, Like(like)),
        WhereIn @in => In(@in),
        WhereBetween between => Between(between),
        WhereIsNull isNull => $"({Value(isNull.Value)} IS {(isNull.Negated ? "NOT " : "")}NULL)",
        WhereShapeIsNull shape => Shape(shape),
        _ => throw new InvalidOperationException($"Unknown where condition {expression.GetType().Name}."),
    };

    private string Balanced(IReadOnlyList<WhereExpression> operands, int start, int count, string op)
    {
        if (count == 1)
        {
            return Condition(operands[start]);
        }

        var half = count / 2;
        return $"({Balanced(operands, start, half, op)} {op} {Balanced(operands, start + half, count - half, op)})";
    }

    private string Comparison(WhereComparison comparison)
    {
        var representation = Representation.Choose(comparison.Left, comparison.Right);
        var single = Representation.MeetsSingle(comparison.Left, comparison.Right);
        var ordering = comparison.Operator is not (WhereComparisonOperator.Equal or WhereComparisonOperator.NotEqual);
        var left = Comparand(comparison.Left, representation, single, ordering);
        return $"({left} {comparison.Operator.Symbol()} {Comparand(comparison.Right, representation, single, ordering: false)})";
    }

    private string In(WhereIn @in)
    {
        var all = @in.Items.Prepend(@in.Value).ToList();
        var representation = Representation.Choose([.. all]);
        var single = Representation.MeetsSingle([.. all]);
        var items = string.Join(", ", @in.Items.Select(item => Comparand(item, representation, single, ordering: false)));
        var value = Comparand(@in.Value, representation, single, ordering: false);
        return $"({value} {(@in.Negated ? "NOT " : "")}IN ({items}))";
    }

    private string Between(WhereBetween between)
    {
        var representation = Representation.Choose(between.Value, between.Low, between.High);
        var single = Representation.MeetsSingle(between.Value, between.Low, between.High);
        var value = Comparand(between.Value, representation, single, ordering: true);
        var low = Comparand(between.Low, representation, single, ordering: false);
        var high = Comparand(between.High, representation, single, ordering: false);
        return $"({value} {(between.Negated ? "NOT " : "")}BETWEEN {low} AND {high})";
    }

    /// <summary>One side of a comparison: in the shared representation, folded to lower case for text unless case matters.</summary>
    private string Comparand(WhereValue value, WhereType representation, bool single, bool ordering)
    {
        var sql = Render(value, representation, single);
        if (representation == WhereType.String && CaseInsensitive)
        {
            sql = $"lower({sql})";
        }

        return ordering && Representation.IsText(representation) && dialect.TextOrdering.Length > 0
            ? $"{sql} {dialect.TextOrdering}"
            : sql;
    }

    private string Like(WhereLike like)
    {
        var value = Render(like.Value, WhereType.String, single: false);
        if (WhereConstants.TryFoldString(like.Pattern, out var text) && text is not null)
        {
            var pattern = LikePattern.TryParse(text, like.Escape, out _)
                ?? throw new InvalidOperationException("The parser accepted an invalid LIKE pattern.");
            if (!CaseInsensitive)
            {
                return dialect.MatchCaseSensitive(value, pattern, Bind);
            }

            var canonical = Bind(pattern.ToLike(LikeEscape), WhereSqlType.Text);
            return $"(lower({value}) LIKE lower({canonical}) ESCAPE '{LikeEscape}')";
        }

        var computed = Value(like.Pattern);
        return CaseInsensitive
            ? $"(lower({value}) LIKE lower({computed}){dialect.LikeWithoutEscape})"
            : dialect.MatchCaseSensitive(value, computed);
    }

    private string Shape(WhereShapeIsNull shape)
    {
        if (options.GeometryColumn is not { } column)
        {
            // A table has no geometry: every row's shape is null.
            return shape.Negated ? "(1 = 0)" : "(1 = 1)";
        }

        return $"({dialect.QuoteIdentifier(column)} IS {(shape.Negated ? "NOT " : "")}NULL)";
    }

    private static string Negated(bool negated, string condition) => negated ? $"(NOT {condition})" : condition;

    /// <summary>Adds a parameter of the given type and returns its typed reference.</summary>
    public string Bind(object value, WhereSqlType type)
    {
        var name = options.ParameterPrefix + Parameters.Count.ToString(CultureInfo.InvariantCulture);
        Parameters[name] = type switch
        {
            WhereSqlType.Int64 => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            WhereSqlType.Int32 => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            WhereSqlType.Float64 or WhereSqlType.Float32 => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        return dialect.Parameter("@" + name, type);
    }
}
