using System.Text;

namespace Geohooks.Core.Features.Where;

public enum LikePartKind
{
    Literal,

    /// <summary><c>_</c>: exactly one character.</summary>
    AnyCharacter,

    /// <summary><c>%</c>: any run of characters, empty included.</summary>
    AnyString,
}

public sealed record LikePart(LikePartKind Kind, string Text = "");

/// <summary>
/// A constant LIKE pattern with its escape character resolved, so each backend can be given the same pattern in
/// the form it matches best. <c>%</c> and <c>_</c> are the only wildcards (no SQL Server <c>[a-z]</c> classes);
/// the escape character makes the next character literal, whatever it is.
/// </summary>
public sealed class LikePattern
{
    private LikePattern(IReadOnlyList<LikePart> parts) => Parts = parts;

    public IReadOnlyList<LikePart> Parts { get; }

    /// <summary>The pattern, or null with a reason when it ends in a lone escape character.</summary>
    public static LikePattern? TryParse(string pattern, char? escape, out string? problem)
    {
        var parts = new List<LikePart>();
        var literal = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == escape)
            {
                if (++i == pattern.Length)
                {
                    problem = $"The LIKE pattern ends with its escape character '{escape}'";
                    return null;
                }

                literal.Append(pattern[i]);
            }
            else if (c is '%' or '_')
            {
                Flush(parts, literal);
                var kind = c == '%' ? LikePartKind.AnyString : LikePartKind.AnyCharacter;
                // %% matches what % matches; collapsing keeps the generated patterns short.
                if (kind != LikePartKind.AnyString || parts.Count == 0 || parts[^1].Kind != LikePartKind.AnyString)
                {
                    parts.Add(new LikePart(kind));
                }
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(parts, literal);
        problem = null;
        return new LikePattern(parts);
    }

    /// <summary>The pattern written with <paramref name="escape"/> before every literal '%', '_' and escape.</summary>
    public string ToLike(char escape) =>
        Render("%", "_", c => c is '%' or '_' || c == escape ? $"{escape}{c}" : c.ToString());

    /// <summary>The pattern in another matcher's syntax: its two wildcards, and how it writes a literal character.</summary>
    public string Render(string anyString, string anyCharacter, Func<char, string> literal)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part.Kind == LikePartKind.Literal)
            {
                foreach (var c in part.Text)
                {
                    text.Append(literal(c));
                }
            }
            else
            {
                text.Append(part.Kind == LikePartKind.AnyString ? anyString : anyCharacter);
            }
        }

        return text.ToString();
    }

    private static void Flush(List<LikePart> parts, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            parts.Add(new LikePart(LikePartKind.Literal, literal.ToString()));
            literal.Clear();
        }
    }
}
