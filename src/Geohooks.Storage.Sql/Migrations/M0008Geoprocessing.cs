namespace Geohooks.Storage.Sql.Migrations;

// Geoprocessing jobs. Statuses are the ArcGIS strings. Inputs, messages, progress and results are JSON text; results
// can be large and are read only when a result is asked for. Two partial indexes keep the runners' queries as small as
// the unfinished work: queued jobs in submission order (the claim), running ones by lease expiry (the sweep that
// fails jobs whose process died). (Version 7 is reserved for other work.)
internal static class M0008Geoprocessing
{
    public const string Sql = """
        CREATE TABLE gp_jobs (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL,
            folder TEXT NOT NULL,
            service TEXT NOT NULL,
            task TEXT NOT NULL,
            status TEXT NOT NULL,
            username TEXT NOT NULL,
            user_id TEXT NOT NULL,
            inputs TEXT NOT NULL,
            messages TEXT NOT NULL,
            progress TEXT,
            results TEXT,
            submitted BIGINT NOT NULL,
            started BIGINT,
            completed BIGINT,
            updated BIGINT NOT NULL,
            lease_token TEXT,
            lease_expires_at BIGINT
        );
        CREATE INDEX gp_jobs_queue ON gp_jobs (submitted, id) WHERE status = 'esriJobSubmitted';
        CREATE INDEX gp_jobs_leases ON gp_jobs (lease_expires_at, id) WHERE status IN ('esriJobExecuting', 'esriJobCancelling');
        """;
}
