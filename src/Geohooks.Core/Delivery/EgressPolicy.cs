using System.Net;
using System.Net.Sockets;
using E = Geohooks.Core.Errors.Errors;

namespace Geohooks.Core.Delivery;

/// <summary>
/// Refuses payload URLs that resolve to loopback, private, link-local, carrier-grade NAT, multicast or unspecified
/// addresses (cloud metadata endpoints among them), unless the host or its address is on the allow-list. The check
/// runs on the resolved address, at creation and again at connect time, so DNS cannot be used to slip past it.
/// </summary>
public sealed class EgressPolicy
{
    private static readonly (IPAddress Network, int Prefix)[] Denied =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128), (IPAddress.Parse("::1"), 128), (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("ff00::"), 8),
    ];

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(IPAddress Network, int Prefix)> _ranges = [];

    public EgressPolicy(IEnumerable<string> allowed)
    {
        foreach (var entry in allowed.Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            if (TryParseRange(entry, out var range))
            {
                _ranges.Add(range);
            }
            else
            {
                _hosts.Add(entry);
            }
        }
    }

    /// <summary>Whether an allow-list entry is a CIDR range or address (otherwise it is a host name).</summary>
    public static bool TryParseRange(string entry, out (IPAddress Network, int Prefix) range)
    {
        var parts = entry.Split('/', 2);
        if (IPAddress.TryParse(parts[0], out var address))
        {
            var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (parts.Length == 1 || (int.TryParse(parts[1], out var prefix) && prefix >= 0 && prefix <= max))
            {
                range = (address, parts.Length == 1 ? max : int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                return true;
            }
        }

        range = default;
        return false;
    }

    /// <summary>Checks the URL's form and every address its host resolves to; throws a 400 naming the problem.</summary>
    public Task CheckAsync(Uri url, CancellationToken ct) => CheckAsync(url, "url", ct);

    /// <summary><see cref="CheckAsync(Uri, CancellationToken)"/> for a URL sent in the parameter <paramref name="parameter"/>.</summary>
    public async Task CheckAsync(Uri url, string parameter, CancellationToken ct)
    {
        if (url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw E.InvalidParameter(parameter, "must be an absolute http or https URL without credentials.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            throw E.InvalidParameter(parameter, $"the host '{url.Host}' could not be resolved.");
        }

        if (addresses.FirstOrDefault(a => !IsAllowed(url.IdnHost, a)) is { } refused)
        {
            throw E.InvalidParameter(parameter, $"'{url.Host}' resolves to {refused}, a loopback, private or link-local address. Allow it with --hook-allow if it is yours.");
        }
    }

    public bool IsAllowed(string host, IPAddress address)
    {
        if (_hosts.Contains(host))
        {
            return true;
        }

        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _ranges.Any(r => InRange(ip, r)) || !Denied.Any(r => InRange(ip, r));
    }

    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    private static bool InRange(IPAddress address, (IPAddress Network, int Prefix) range)
    {
        if (address.AddressFamily != range.Network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = range.Network.GetAddressBytes();
        var bits = range.Prefix;
        for (var i = 0; bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
