namespace Geohooks.Storage.Sql.Features.Where;

/// <summary>How one where clause is translated.</summary>
public sealed record WhereTranslationOptions
{
    /// <summary>The instant CURRENT_DATE, CURRENT_TIMESTAMP and CURRENT_TIME stand for (UTC epoch ms, from the caller's clock).</summary>
    public required long NowEpochMs { get; init; }

    /// <summary>
    /// False (the default) compares text in =, &lt;&gt;, IN, LIKE, ordering and POSITION case-insensitively, as ArcGIS Online
    /// hosted layers do; true compares it exactly, as ArcGIS Enterprise on PostgreSQL does.
    /// </summary>
    public bool CaseSensitive { get; init; }

    /// <summary>The geometry column <c>shape IS NULL</c> tests; null for a table, where every row has no shape.</summary>
    public string? GeometryColumn { get; init; }

    /// <summary>Parameters are named prefix0, prefix1 …, so several translated fragments can share one command.</summary>
    public string ParameterPrefix { get; init; } = "w";
}

/// <summary>A translated where clause: SQL text to put after WHERE, and the values of its parameters.</summary>
public sealed record WhereSql(string Sql, SqlArgs Parameters);
