namespace Geohooks.Server.Hosting;

/// <summary>
/// Server settings, bound from the configuration root: appsettings.json, <c>GEOHOOKS_*</c> environment variables
/// and the command line (see <see cref="CommandLine"/>). Defaults live here, in code.
/// </summary>
public sealed class GeohooksOptions
{
    /// <summary>Context path every URL lives under, as ArcGIS's web adaptor gives it.</summary>
    public string PathBase { get; set; } = "/arcgis";

    /// <summary>Folder of the embedded SQLite database; relative paths are taken from the working directory.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>A PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite.</summary>
    public string? Postgres { get; set; }

    /// <summary>Username of the administrator created on first start.</summary>
    public string? AdminUser { get; set; }

    /// <summary>Password of that administrator; generated and printed once when absent.</summary>
    public string? AdminPassword { get; set; }

    public string OrgName { get; set; } = "Geohooks";

    /// <summary>Largest request body accepted, in MB (item uploads included).</summary>
    public int MaxRequestBodyMb { get; set; } = 100;

    /// <summary>Comma-separated hosts or CIDR ranges webhooks may deliver to although they are loopback, private or link-local.</summary>
    public string? HookAllow { get; set; }

    public IEnumerable<string> HookAllowList => (HookAllow ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The public base URL (with the context path) receivers see in payloads; by default the listening address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Deliveries sent at once by this process.</summary>
    public int DeliveryConcurrency { get; set; } = 64;

    /// <summary>Geoprocessing jobs executing at once in this process.</summary>
    public int GpConcurrency { get; set; } = 4;

    /// <summary>Seconds a claimed delivery is leased to this process; after a crash, another process (or this one restarted) takes it over once the lease expires.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Days finished deliveries and their attempts stay in the log.</summary>
    public int LogRetentionDays { get; set; } = 30;

    /// <summary>
    /// Text comparisons in feature-layer <c>where</c> clauses are case-sensitive (as ArcGIS Enterprise on PostgreSQL)
    /// instead of case-insensitive (as ArcGIS Online hosted layers, the default).
    /// </summary>
    public bool WhereCaseSensitive { get; set; }

    /// <summary>
    /// Shortest <c>scheduleInfo</c> interval a feature-service webhook may ask for, in seconds (default 20, as ArcGIS);
    /// 0 allows immediate delivery of every edit.
    /// </summary>
    public int MinScheduleInterval { get; set; } = 20;

    /// <summary>Webhooks one service may have (ArcGIS documents 10).</summary>
    public int MaxServiceWebhooks { get; set; } = 10;

    /// <summary>Hours between the CRC checks of Online-flavor webhooks with a signature key (ArcGIS re-checks regularly).</summary>
    public int CrcIntervalHours { get; set; } = 24;

    /// <summary>Largest inline-changes payload of a <c>fullPayload</c> webhook, in KB; larger ones fall back to the changesUrl form.</summary>
    public int FullPayloadLimitKb { get; set; } = 1024;

    /// <summary>Longest token lifetime a client may ask for, in minutes (default two weeks, ArcGIS REST JS asks for 20160).</summary>
    public int MaxTokenMinutes { get; set; } = 20160;
}
