using System.Globalization;
using Geohooks.Core.Errors;
using Geohooks.Core.Features.Schema;

namespace Geohooks.Core.Features.Where;

/// <summary>
/// Parses the standardized-SQL <c>where</c> parameter of feature-layer queries (spec §5) into a type-checked
/// <see cref="WhereExpression"/>. Every failure, whatever the input, is the 400 envelope of spec §4.4 with a
/// second detail that names the problem and, where there is one, its 1-based character position.
/// </summary>
public static class WhereParser
{
    public const string Message = "Cannot perform query. Invalid query parameters.";

    public static WhereExpression Parse(string text, IReadOnlyList<FieldDefinition> fields, WhereContext context)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new WhereSyntaxException("The clause is empty", null);
            }

            if (text.Length > context.MaxLength)
            {
                throw new WhereSyntaxException(
                    string.Create(CultureInfo.InvariantCulture, $"The clause is longer than {context.MaxLength} characters"), null);
            }

            return new WhereGrammar(WhereTokenizer.Tokenize(text), fields, context).ParseClause();
        }
        catch (WhereSyntaxException error)
        {
            var where = error.Position is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" at character {position + 1}")
                : "";
            throw new ArcGisException(400, Message, [$"'{context.ParameterName}' parameter is invalid", $"{error.Message}{where}."]);
        }
    }

    internal static WhereSyntaxException Invalid(string problem, int position) => new(problem, position);
}

/// <summary>Raised inside the parser; <see cref="WhereParser.Parse"/> turns it into the ArcGIS envelope.</summary>
internal sealed class WhereSyntaxException(string problem, int? position) : Exception(problem)
{
    public int? Position { get; } = position;
}
