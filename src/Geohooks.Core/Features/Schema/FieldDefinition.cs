namespace Geohooks.Core.Features.Schema;

/// <summary>
/// One attribute column of a layer or table. <see cref="Name"/> is also the database column name (always quoted),
/// so it is restricted to letters, digits and underscores (<see cref="FieldNames"/>).
/// </summary>
public sealed record FieldDefinition
{
    public required string Name { get; init; }

    public required FieldType Type { get; init; }

    public string? Alias { get; init; }

    /// <summary>Maximum length of a string field; null for every other type.</summary>
    public int? Length { get; init; }

    public bool Nullable { get; init; } = true;

    public bool Editable { get; init; } = true;

    public FieldDomain? Domain { get; init; }

    /// <summary>The default as a typed value (long, double, string, bool …), or null.</summary>
    public object? DefaultValue { get; init; }
}

/// <summary>A coded-value or range domain (spec §3.2 "Domains").</summary>
public sealed record FieldDomain
{
    public required string Type { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>For <c>codedValue</c> domains: the allowed codes (long, double or string) and their names.</summary>
    public IReadOnlyList<CodedValue> CodedValues { get; init; } = [];

    /// <summary>For <c>range</c> domains: the inclusive bounds.</summary>
    public double? RangeMin { get; init; }

    public double? RangeMax { get; init; }
}

public sealed record CodedValue(string Name, object Code);

/// <summary>The rules for field names, which double as database column names.</summary>
public static class FieldNames
{
    public const int MaxLength = 63;

    /// <summary>
    /// True for names made of ASCII letters, digits and underscores that start with a letter or underscore, are at
    /// most 63 characters and do not start with two underscores (reserved for the server's own columns).
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
