using Geohooks.Core.Features.Where;

namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>Values: columns, constants, arithmetic. Division by zero is NULL on both backends.</summary>
internal sealed partial class WhereSqlBuilder
{
    /// <summary>A value in its own type.</summary>
    public string Value(WhereValue value) => value switch
    {
        WhereField field => Column(field),
        _ when Representation.IsConstant(value) => Render(value, value.Type, single: false),
        WhereArithmetic arithmetic => Arithmetic(arithmetic),
        WhereNegate negate => $"(- {Value(negate.Operand)})",
        WhereCall call => Call(call),
        WhereTrim trim => trim.Characters is null
            ? $"{dialect.TrimFunction(trim.Mode)}({Value(trim.Source)})"
            : $"{dialect.TrimFunction(trim.Mode)}({Value(trim.Source)}, {Value(trim.Characters)})",
        WhereCast cast => Cast(cast),
        WhereExtract extract => dialect.Extract(extract.Part, Value(extract.Source), extract.Source.Type),
        _ => throw new InvalidOperationException($"Unknown where value {value.GetType().Name}."),
    };

    /// <summary>A value in a representation it meets others in (see <see cref="Representation"/>).</summary>
    private string Render(WhereValue value, WhereType representation, bool single)
    {
        if (value is WhereNull)
        {
            return $"CAST(NULL AS {dialect.TypeName(Representation.SqlType(representation, single))})";
        }

        if (Representation.IsConstant(value))
        {
            var constant = Representation.Constant(value, representation, single, options.NowEpochMs);
            return Bind(constant, Representation.SqlType(representation, single));
        }

        var sql = Value(value);
        if (value.Type == representation || (value.Type.IsNumeric() && (representation.IsNumeric() || representation == WhereType.Date)))
        {
            return sql;
        }

        return representation == WhereType.Date && value.Type is WhereType.DateOnly or WhereType.TimestampOffset
            ? dialect.TextToEpochMs(sql)
            : throw new InvalidOperationException($"Cannot render {value.Type} as {representation}.");
    }

    private string Column(WhereField field) =>
        IsPlainName(field.Field.Name)
            ? dialect.QuoteIdentifier(field.Field.Name)
            : throw new InvalidOperationException($"Field name '{field.Field.Name}' is not a plain name.");

    private string Arithmetic(WhereArithmetic arithmetic)
    {
        if (arithmetic.Operator == WhereArithmeticOperator.Concatenate)
        {
            return $"({Text(arithmetic.Left)} || {Text(arithmetic.Right)})";
        }

        // Instants take part as epoch milliseconds, intervals as milliseconds; numbers as themselves.
        var left = Operand(arithmetic.Left);
        var right = Operand(arithmetic.Right);
        return arithmetic.Operator == WhereArithmeticOperator.Divide
            ? $"({left} / NULLIF({right}, 0))"
            : $"({left} {arithmetic.Operator.Symbol()} {right})";
    }

    private string Operand(WhereValue value) =>
        value.Type.IsInstantLike() ? Render(value, WhereType.Date, single: false) : Value(value);

    /// <summary>A text or number as text, for || and CONCAT.</summary>
    private string Text(WhereValue value) =>
        value.Type == WhereType.String ? Value(value) : $"CAST({Value(value)} AS {dialect.TypeName(WhereSqlType.Text)})";
}
