namespace Geohooks.Testing;

/// <summary>Finds initdb and pg_ctl on PATH or in Debian's /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
internal static class PostgresBinaries
{
    public static string FindDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(DebianVersions());
        foreach (var directory in candidates)
        {
            if (File.Exists(System.IO.Path.Combine(directory, "initdb")) && File.Exists(System.IO.Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
            "The PostgreSQL tests start a private server; install it with 'apt-get install postgresql' (Debian/Ubuntu).");
    }

    private static IEnumerable<string> DebianVersions()
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .OrderByDescending(d => int.TryParse(System.IO.Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => System.IO.Path.Combine(d, "bin"))
            : [];
    }
}
