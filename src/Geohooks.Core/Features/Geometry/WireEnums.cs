namespace Geohooks.Core.Features.Geometry;

/// <summary>Parses parameters whose values are enum wire names (esriSpatialRel…, esriSRUnit_…), case-insensitively.</summary>
internal static class WireEnums
{
    public static TEnum Parse<TEnum>(string? wireName, Func<TEnum, string> nameOf, TEnum fallback, string parameterName)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(wireName))
        {
            return fallback;
        }

        var trimmed = wireName.Trim();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(nameOf(candidate), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw GeometryErrors.Invalid(parameterName, $"'{trimmed}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(nameOf))}");
    }
}
