using System.Globalization;

namespace Geohooks.Server.Tests.Durability;

/// <summary>
/// Which server process owns which loopback TCP connection, read from Linux's /proc: a process is named by the port
/// it listens on, its connections by their local port. The receiver sees a request's remote port, so this tells which
/// process sent a delivery. Samples accumulate: a connection seen once keeps its owner.
/// </summary>
public sealed class SocketOwners
{
    private readonly Dictionary<int, int> _pidByListenPort = [];
    private readonly Dictionary<int, int> _ownerByLocalPort = [];

    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/net/tcp");

    /// <summary>The listening port of the process that owned the connection with this local port, if seen.</summary>
    public int? Owner(int localPort)
    {
        lock (_ownerByLocalPort)
        {
            return _ownerByLocalPort.TryGetValue(localPort, out var owner) ? owner : null;
        }
    }

    /// <summary>Finds the process listening on <paramref name="listenPort"/> (once, when it has started); returns its id.</summary>
    public int Track(int listenPort)
    {
        var sockets = Sockets();
        var inode = sockets.FirstOrDefault(s => s.LocalPort == listenPort && s.State == Listen).Inode;
        if (inode == 0)
        {
            throw new InvalidOperationException($"No socket listens on port {listenPort}.");
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && SocketInodes(pid).Contains(inode))
            {
                lock (_ownerByLocalPort)
                {
                    _pidByListenPort[listenPort] = pid;
                }

                return pid;
            }
        }

        throw new InvalidOperationException($"No process owns the socket listening on port {listenPort}.");
    }

    /// <summary>Records the owner of every connection to <paramref name="remotePort"/> held by the tracked processes.</summary>
    public void Sample(int remotePort)
    {
        KeyValuePair<int, int>[] tracked;
        lock (_ownerByLocalPort)
        {
            tracked = [.. _pidByListenPort];
        }

        var sockets = Sockets().Where(s => s.RemotePort == remotePort).ToArray();
        foreach (var (listenPort, pid) in tracked)
        {
            var inodes = SocketInodes(pid);
            foreach (var socket in sockets.Where(s => inodes.Contains(s.Inode)))
            {
                lock (_ownerByLocalPort)
                {
                    _ownerByLocalPort[socket.LocalPort] = listenPort;
                }
            }
        }
    }

    /// <summary>Samples every <paramref name="interval"/> until cancelled.</summary>
    public async Task SampleUntilAsync(int remotePort, TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Sample(remotePort);
            try
            {
                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private const int Listen = 0x0A;

    private static HashSet<long> SocketInodes(int pid)
    {
        var inodes = new HashSet<long>();
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    inodes.Add(inode);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited, or an fd closed while listing: whatever was read stands.
        }

        return inodes;
    }

    private static List<Socket> Sockets()
    {
        var sockets = new List<Socket>();
        foreach (var table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9)
                {
                    sockets.Add(new Socket(Port(f[1]), Port(f[2]), int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(f[9], CultureInfo.InvariantCulture)));
                }
            }
        }

        return sockets;
    }

    private static int Port(string address) => int.Parse(address.AsSpan(address.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private readonly record struct Socket(int LocalPort, int RemotePort, int State, long Inode);
}
