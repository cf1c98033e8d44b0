namespace Geohooks.Core.Features.Where;

/// <summary>
/// What a where clause is parsed against besides the fields: who asks (<c>current_user</c>), the limits that keep
/// a hostile clause cheap, and the request parameter named in errors (<c>where</c>, <c>havingClause</c> …).
/// </summary>
public sealed record WhereContext(string? CurrentUser)
{
    public const int DefaultMaxLength = 64 * 1024;

    public const int DefaultMaxDepth = 64;

    /// <summary>Keeps the bound parameters of a few combined clauses under SQLite's 32,766.</summary>
    public const int DefaultMaxLiterals = 10_000;

    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>How deeply parentheses, NOT, functions and operators may nest.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    public int MaxLiterals { get; init; } = DefaultMaxLiterals;

    public string ParameterName { get; init; } = "where";

    public static WhereContext Anonymous { get; } = new((string?)null);
}
