using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Geohooks.Core.Portal;
using Geohooks.Core.Security;

namespace Geohooks.Bench;

/// <summary>
/// The events the bench commits: realistic <c>item.update</c> org events with properties. Event number i carries
/// <c>bench-i</c> as its target id, which ends up in the payload's <c>events[0].id</c>, so the receiver can tell
/// which event a delivery is for without a database.
/// </summary>
public static class BenchEvents
{
    private const string Prefix = "bench-";
    private static readonly byte[] Marker = "\"id\":\"bench-"u8.ToArray();

    private static readonly string Properties = JsonSerializer.Serialize(new
    {
        title = "Parcels 2025 (county cadastre)",
        type = "Feature Service",
        typeKeywords = new[] { "ArcGIS Server", "Data", "Feature Access", "Service" },
        tags = new[] { "parcels", "cadastre", "county", "bench" },
        access = "org",
        updatedFields = new[] { "title", "tags", "snippet", "extent" },
        snippet = "Tax parcels, updated nightly from the county's system of record.",
    });

    public static PortalEvent Create(int index, string orgId, string userId, string username, long when) => new()
    {
        Id = Ids.NewTimeOrderedId(when),
        OrgId = orgId,
        Source = EventSources.Item,
        Operation = "update",
        TargetId = Prefix + index.ToString(CultureInfo.InvariantCulture),
        Username = username,
        UserId = userId,
        When = when,
        Properties = Properties,
    };

    /// <summary>The event number in a delivery body, or -1 when it carries none.</summary>
    public static int FindIndex(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(Marker);
        if (at < 0)
        {
            return -1;
        }

        return Utf8Parser.TryParse(body[(at + Marker.Length)..], out int index, out _) ? index : -1;
    }
}
