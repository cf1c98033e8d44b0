namespace Geohooks.Storage.Sql.Search;

/// <summary>Collects the values of a generated query; every value becomes a numbered parameter.</summary>
internal sealed class QueryArgs
{
    public SqlArgs Values { get; } = [];

    public string Add(object? value)
    {
        var name = "p" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values[name] = value;
        return "@" + name;
    }
}
