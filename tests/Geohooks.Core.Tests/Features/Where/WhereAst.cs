using System.Globalization;
using Geohooks.Core.Features.Schema;
using Geohooks.Core.Features.Where;

namespace Geohooks.Core.Tests.Features.Where;

/// <summary>
/// Renders a parsed where clause as one canonical line (the records' list members compare by reference). Fields are
/// their canonical names, integers plain, doubles with an <c>r</c> suffix, strings quoted, temporal literals with
/// their keyword, operators parenthesized: <c>AND((POP &gt; 5), (NAME LIKE 'a%'))</c>.
/// </summary>
public static class WhereAst
{
    /// <summary>The fields the parser tests resolve against.</summary>
    public static readonly IReadOnlyList<FieldDefinition> Fields =
    [
        Field("OBJECTID", FieldType.Oid),
        Field("Name", FieldType.String),
        Field("Pop", FieldType.Integer),
        Field("Area", FieldType.Double),
        Field("Created", FieldType.Date),
        Field("Birth", FieldType.DateOnly),
        Field("Closes", FieldType.TimeOnly),
        Field("Arrival", FieldType.TimestampOffset),
        Field("GlobalID", FieldType.GlobalId),
        Field("Photo", FieldType.Blob),
        Field("Date", FieldType.DateOnly),
        Field("From", FieldType.String),
    ];

    public static string Render(WhereExpression expression) => expression switch
    {
        WhereAnd and => $"AND({string.Join(", ", and.Operands.Select(Render))})",
        WhereOr or => $"OR({string.Join(", ", or.Operands.Select(Render))})",
        WhereNot not => $"NOT({Render(not.Operand)})",
        WhereComparison c => $"({Render(c.Left)} {c.Operator.Symbol()} {Render(c.Right)})",
        WhereLike like => $"({Render(like.Value)} {Not(like.Negated)}LIKE {Render(like.Pattern)}{(like.Escape is { } e ? $" ESCAPE '{e}'" : "")})",
        WhereIn @in => $"({Render(@in.Value)} {Not(@in.Negated)}IN [{string.Join(", ", @in.Items.Select(Render))}])",
        WhereBetween b => $"({Render(b.Value)} {Not(b.Negated)}BETWEEN {Render(b.Low)} AND {Render(b.High)})",
        WhereIsNull n => $"({Render(n.Value)} IS {Not(n.Negated)}NULL)",
        WhereShapeIsNull s => $"(shape IS {Not(s.Negated)}NULL)",
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression, "unknown condition"),
    };

    public static string Render(WhereValue value) => value switch
    {
        WhereField f => f.Field.Name,
        WhereInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        WhereReal r => r.Value.ToString("R", CultureInfo.InvariantCulture) + "r",
        WhereString s => $"'{s.Value.Replace("'", "''", StringComparison.Ordinal)}'",
        WhereDate d => $"DATE '{d.Value:yyyy-MM-dd}'",
        WhereTimestamp t => $"TIMESTAMP '{t.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z'",
        WhereTime t => $"TIME '{t.Value:HH:mm:ss}'",
        WhereInterval i => string.Create(CultureInfo.InvariantCulture, $"INTERVAL {i.Milliseconds}ms"),
        WhereNull n => $"NULL:{n.NullType}",
        WhereNow now => $"CURRENT_{now.Kind.ToString().ToUpperInvariant()}",
        WhereArithmetic a => $"({Render(a.Left)} {a.Operator.Symbol()} {Render(a.Right)})",
        WhereNegate n => $"-({Render(n.Operand)})",
        WhereCall call => $"{call.Function.ToString().ToUpperInvariant()}({string.Join(", ", call.Arguments.Select(Render))})",
        WhereTrim trim => $"TRIM({trim.Mode.ToString().ToUpperInvariant()} {(trim.Characters is null ? "" : Render(trim.Characters) + " ")}FROM {Render(trim.Source)})",
        WhereCast cast => $"CAST({Render(cast.Operand)} AS {cast.Target}{(cast.Length is { } n ? $"({n})" : "")})",
        WhereExtract e => $"EXTRACT({e.Part.ToString().ToUpperInvariant()} FROM {Render(e.Source)})",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown value"),
    };

    private static string Not(bool negated) => negated ? "NOT " : "";

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Type = type };
}
