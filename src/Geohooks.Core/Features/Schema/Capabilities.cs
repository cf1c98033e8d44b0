namespace Geohooks.Core.Features.Schema;

/// <summary>
/// The capabilities of a service or layer (spec resources §3.1). Parsed from the comma list clients send, rendered
/// with the derived entries ArcGIS adds: <c>Uploads</c> with any edit capability and <c>Editing</c> when all three are on.
/// </summary>
public sealed record Capabilities(bool Query, bool Create, bool Update, bool Delete, bool ChangeTracking, bool Sync, bool Extract)
{
    public static readonly Capabilities Default = new(Query: true, Create: false, Update: false, Delete: false, ChangeTracking: false, Sync: false, Extract: false);

    public bool AnyEdit => Create || Update || Delete;

    /// <summary>Parses a comma list; <c>Editing</c> alone turns on create, update and delete.</summary>
    public static bool TryParse(string? text, out Capabilities capabilities, out string? unknown)
    {
        capabilities = new Capabilities(false, false, false, false, false, false, false);
        unknown = null;
        foreach (var raw in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (raw.ToLowerInvariant())
            {
                case "query": capabilities = capabilities with { Query = true }; break;
                case "create": capabilities = capabilities with { Create = true }; break;
                case "update": capabilities = capabilities with { Update = true }; break;
                case "delete": capabilities = capabilities with { Delete = true }; break;
                case "editing": capabilities = capabilities with { Create = true, Update = true, Delete = true }; break;
                case "changetracking": capabilities = capabilities with { ChangeTracking = true }; break;
                case "sync": capabilities = capabilities with { Sync = true }; break;
                case "extract": capabilities = capabilities with { Extract = true }; break;
                case "uploads" or "sharedtemplateediting": break;
                default:
                    unknown = raw;
                    return false;
            }
        }

        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Create) parts.Add("Create");
        if (Delete) parts.Add("Delete");
        if (Query) parts.Add("Query");
        if (Update) parts.Add("Update");
        if (AnyEdit) parts.Add("Uploads");
        if (Create && Update && Delete) parts.Add("Editing");
        if (Sync) parts.Add("Sync");
        if (Extract) parts.Add("Extract");
        if (ChangeTracking) parts.Add("ChangeTracking");
        return string.Join(',', parts);
    }
}
