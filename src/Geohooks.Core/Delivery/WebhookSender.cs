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
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
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
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            return new SendResult((int)response.StatusCode, headers, body, null, RetryAfter(response), _time.GetElapsedTime(started));
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
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[_bodyLimit];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        // The rest of a larger body is not read: the connection is dropped rather than drained.
        return Encoding.UTF8.GetString(buffer, 0, read);
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
