using Geohooks.Core.Portal.Search;

namespace Geohooks.Storage.Sql.Search;

/// <summary>Turns one term on one field into a SQL condition, adding its values to the arguments.</summary>
internal delegate string TermRule(TermNode term, QueryArgs args);

/// <summary>
/// The searchable fields of one table: a rule per field name, the numeric range fields, and the rules
/// OR-ed together for a term without a field (or with a field this table does not know).
/// </summary>
internal sealed record SearchSchema(
    IReadOnlyDictionary<string, TermRule> Fields,
    IReadOnlyDictionary<string, string> RangeColumns,
    IReadOnlyList<TermRule> DefaultFields);
