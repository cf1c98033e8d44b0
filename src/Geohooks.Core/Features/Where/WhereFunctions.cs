namespace Geohooks.Core.Features.Where;

/// <summary>The functions of spec §5.3 that take ordinary arguments.</summary>
public enum WhereFunction
{
    Abs,
    Ceiling,
    Floor,
    Log,
    Log10,
    Power,
    Round,
    Truncate,
    Mod,
    Cos,
    Sin,
    Tan,
    CharLength,
    Concat,
    Lower,
    Upper,

    /// <summary><c>POSITION(needle IN haystack)</c>: arguments [needle, haystack].</summary>
    Position,

    /// <summary><c>SUBSTRING(s FROM start [FOR length])</c>: arguments [s, start, length?], positions constant.</summary>
    Substring,
    Coalesce,
    NullIf,
}

/// <summary>
/// A function call. ROUND and TRUNCATE take a constant <see cref="WhereInteger"/> digit count as their second
/// argument; SUBSTRING constant <see cref="WhereInteger"/> positions.
/// </summary>
public sealed record WhereCall(WhereFunction Function, IReadOnlyList<WhereValue> Arguments, WhereType ResultType) : WhereValue
{
    public override WhereType Type => ResultType;
}

public enum WhereTrimMode
{
    Both,
    Leading,
    Trailing,
}

/// <summary><c>TRIM([BOTH|LEADING|TRAILING] [characters] FROM source)</c>; no characters means spaces.</summary>
public sealed record WhereTrim(WhereTrimMode Mode, WhereValue? Characters, WhereValue Source) : WhereValue
{
    public override WhereType Type => WhereType.String;
}

/// <summary>The targets of CAST: INT/INTEGER/SMALLINT, FLOAT/REAL, VARCHAR[(n)], DATE, TIME, TIMESTAMP.</summary>
public enum WhereCastTarget
{
    Integer,
    Real,
    String,
    DateOnly,
    TimeOnly,
    Timestamp,
}

/// <summary><c>CAST(operand AS target)</c>; <see cref="Length"/> is the n of VARCHAR(n).</summary>
public sealed record WhereCast(WhereValue Operand, WhereCastTarget Target, int? Length) : WhereValue
{
    public override WhereType Type => Target switch
    {
        WhereCastTarget.Integer => WhereType.Integer,
        WhereCastTarget.Real => WhereType.Real,
        WhereCastTarget.String => WhereType.String,
        WhereCastTarget.DateOnly => WhereType.DateOnly,
        WhereCastTarget.TimeOnly => WhereType.TimeOnly,
        _ => WhereType.Date,
    };
}

public enum WhereDatePart
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// <summary><c>EXTRACT(part FROM source)</c>: a whole number (SECOND drops the fraction), UTC for instants.</summary>
public sealed record WhereExtract(WhereDatePart Part, WhereValue Source) : WhereValue
{
    public override WhereType Type => WhereType.Integer;
}
