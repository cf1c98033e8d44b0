using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Where;

/// <summary>A scalar in a where clause. <see cref="Type"/> is its static type, checked by the parser.</summary>
public abstract record WhereValue
{
    public abstract WhereType Type { get; }
}

/// <summary>A column, resolved against the layer's fields (canonical name and type).</summary>
public sealed record WhereField(FieldDefinition Field) : WhereValue
{
    public override WhereType Type => WhereTypes.Of(Field.Type);
}

public sealed record WhereInteger(long Value) : WhereValue
{
    public override WhereType Type => WhereType.Integer;
}

public sealed record WhereReal(double Value) : WhereValue
{
    public override WhereType Type => WhereType.Real;
}

/// <summary>A string literal, or <c>current_user</c> resolved to the caller's name.</summary>
public sealed record WhereString(string Value) : WhereValue
{
    public override WhereType Type => WhereType.String;
}

/// <summary><c>DATE 'yyyy-mm-dd'</c>, or a date-looking string compared with a date.</summary>
public sealed record WhereDate(DateOnly Value) : WhereValue
{
    public override WhereType Type => WhereType.DateOnly;
}

/// <summary><c>TIMESTAMP '…'</c>: an absolute instant (a literal without an offset is UTC).</summary>
public sealed record WhereTimestamp(DateTimeOffset Value) : WhereValue
{
    public override WhereType Type => WhereType.Date;
}

public sealed record WhereTime(TimeOnly Value) : WhereValue
{
    public override WhereType Type => WhereType.TimeOnly;
}

/// <summary><c>INTERVAL '…' unit [TO unit]</c> as a signed number of milliseconds.</summary>
public sealed record WhereInterval(long Milliseconds) : WhereValue
{
    public override WhereType Type => WhereType.Interval;
}

/// <summary>A typed NULL: what <c>current_user</c> is for an anonymous caller.</summary>
public sealed record WhereNull(WhereType NullType) : WhereValue
{
    public override WhereType Type => NullType;
}

public enum WhereCurrent
{
    Date,
    Timestamp,
    Time,
}

/// <summary><c>CURRENT_DATE</c>, <c>CURRENT_TIMESTAMP</c> or <c>CURRENT_TIME</c>, all in UTC (spec §5.2).</summary>
public sealed record WhereNow(WhereCurrent Kind) : WhereValue
{
    public override WhereType Type => Kind switch
    {
        WhereCurrent.Date => WhereType.DateOnly,
        WhereCurrent.Time => WhereType.TimeOnly,
        _ => WhereType.Date,
    };
}

public enum WhereArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Concatenate,
}

public sealed record WhereArithmetic(WhereValue Left, WhereArithmeticOperator Operator, WhereValue Right, WhereType ResultType)
    : WhereValue
{
    public override WhereType Type => ResultType;
}

public sealed record WhereNegate(WhereValue Operand) : WhereValue
{
    public override WhereType Type => Operand.Type;
}
