using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Geohooks.Core.Delivery;

/// <summary>The outcome of one HTTP attempt. <see cref="Status"/> is null when no response arrived.</summary>
public sealed record SendResult(
    int? Status, IReadOnlyDictionary<string, string>? ResponseHeaders, string? Body, string? Error, TimeSpan? RetryAfter, TimeSpan Duration)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Posts payloads to receivers: pooled connections with a per-host limit, no redirects, no proxy, the egress check on
/// the resolved address at connect time, a timeout from the injected clock, and a bounded read of the response.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly int _bodyLimit;

    public WebhookSender(EgressPolicy egress, IOptions<DeliveryOptions> options, TimeProvider time)
    {
        _time = time;
        _bodyLimit = options.Value.ResponseBodyLimitBytes;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            MaxConnectionsPerServer = options.Value.MaxConnectionsPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = (context, ct) => ConnectAsync(egress, context, ct),
            // Secrets may hold any text; their header goes out as UTF-8, the bytes the signatures are computed over.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Geohooks", "1.0"));
    }

    public async Task<SendResult> SendAsync(
        Uri url, byte[] body, string contentType, IEnumerable<KeyValuePair<string, string>> headers, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await ExchangeAsync(request, timeout, ct);
    }

    /// <summary>The reachability check made when a webhook is created: any HTTP answer within the timeout will do.</summary>
    public async Task<string?> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var result = await ExchangeAsync(request, timeout, ct);
        return result.Status is null ? result.Error : null;
    }

    /// <summary>A GET whose answer matters (the CRC handshake): status, headers and the bounded body.</summary>
    public async Task<SendResult> GetAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await ExchangeAsync(request, timeout, ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<SendResult> ExchangeAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadBoundedAsync(response, linked.Token);
            return new SendResult((int)response.StatusCode, Headers(response), body, null, RetryAfter(response), _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new SendResult(null, null, null, $"No response within {timeout.TotalSeconds:0.###} s.", null, _time.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new SendResult(null, null, null, Describe(e), null, _time.GetElapsedTime(started));
        }
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            return string.Empty;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_bodyLimit, response.Content.Headers.ContentLength ?? 4096));
        try
        {
            var read = 0;
            while (read < _bodyLimit)
            {
                if (read == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_bodyLimit, buffer.Length * 2));
                    buffer.AsSpan(0, read).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var n = await stream.ReadAsync(buffer.AsMemory(read, Math.Min(buffer.Length, _bodyLimit) - read), ct);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            // The rest of a larger body is not read: the connection is dropped rather than drained.
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Response and content headers by name (case-insensitive), several values joined with ", ".</summary>
    private static Dictionary<string, string> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>[])[response.Headers, response.Content.Headers])
        {
            foreach (var (name, values) in group)
            {
                var joined = string.Join(", ", values);
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + joined : joined;
            }
        }

        return headers;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException s => $"Connection failed: {s.SocketErrorCode}.",
        EgressRefusedException refused => refused.Message,
        _ => $"Request failed: {e.HttpRequestError}: {e.Message}",
    };

    private static async ValueTask<Stream> ConnectAsync(EgressPolicy egress, SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await EgressPolicy.ResolveAsync(host, ct);
        var allowed = addresses.Where(a => egress.IsAllowed(host, a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new EgressRefusedException($"Refused: '{host}' resolves only to loopback, private or link-local addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The egress policy refused every address of a receiver at connect time.</summary>
public sealed class EgressRefusedException : Exception
{
    public EgressRefusedException()
    {
    }

    public EgressRefusedException(string message)
        : base(message)
    {
    }

    public EgressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
