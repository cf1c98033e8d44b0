using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Geohooks.Testing;

/// <summary>
/// A private PostgreSQL server for one test process: initdb into a temp folder, started on a free loopback port
/// with trust auth and fsync off, stopped and deleted when the process exits. Each test class asks
/// <see cref="CreateDatabaseAsync"/> for a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databaseCounter;

    private readonly string folder;
    private readonly string binaries;
    private int stopped;

    private PostgresServer(string folder, string binaries, int port)
    {
        this.folder = folder;
        this.binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The maintenance database as the superuser.</summary>
    public string AdminConnectionString => Connection("postgres");

    private string DataDirectory => Path.Combine(folder, "data");

    /// <summary>The one server of this test process, started on first use and stopped at process exit.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.FindDirectory();
        // As root the server runs as the postgres user, who must be able to reach the folder: /tmp always lets it.
        var parent = ProcessRunner.AsRoot ? "/tmp" : Path.GetTempPath();
        var folder = Path.Combine(parent, $"geohooks-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        try
        {
            if (ProcessRunner.AsRoot)
            {
                await ProcessRunner.RunAsync(ProcessRunner.Plain("chown", ["-R", "postgres", folder]), cancellationToken);
            }

            await InitAsync(folder, binaries, cancellationToken);
            return await StartOnFreePortAsync(folder, binaries, cancellationToken);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref databaseCounter).ToString(CultureInfo.InvariantCulture);
        var name = $"geohooks_{number}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return Connection(name);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private static async Task<PostgresServer> StartOnFreePortAsync(string folder, string binaries, CancellationToken cancellationToken)
    {
        // Another process may grab the port between probing and binding; a couple of retries covers that race.
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(folder, binaries, FreePort());
            try
            {
                await server.PgCtlAsync(cancellationToken, "start", "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"), "-o", server.ServerOptions());
                server.StartWatchdog();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
            catch (InvalidOperationException exception)
            {
                var log = Path.Combine(folder, "server.log");
                throw new InvalidOperationException(
                    $"The private PostgreSQL server did not start. Server log:\n{(File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "(none)")}",
                    exception);
            }
        }
    }

    private static Task InitAsync(string folder, string binaries, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            ProcessRunner.AsPostgres(
                Path.Combine(binaries, "initdb"),
                ["-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            cancellationToken);

    private string ServerOptions() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"-p {Port} -k {Path.Combine(folder, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");

    private Task PgCtlAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRunner.RunAsync(
            ProcessRunner.AsPostgres(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, .. arguments]),
            cancellationToken);

    private string Connection(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = 20,
    }.ConnectionString;

    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        ProcessRunner.Run(ProcessRunner.AsPostgres(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, "stop", "-m", "immediate"]));
        TryDelete(folder);
    }

    /// <summary>If the test process is killed, ProcessExit never runs; this shell stops the server after it.</summary>
    private void StartWatchdog()
    {
        var stop = ProcessRunner.AsPostgres(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, "stop", "-m", "immediate"]);
        var stopCommand = string.Join(' ', new[] { stop.FileName }.Concat(stop.ArgumentList).Select(a => $"'{a}'"));
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; {stopCommand}; rm -rf '{folder}'");
        Process.Start(ProcessRunner.Plain("sh", ["-c", script]))?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the watchdog removes it too.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
