using System.Collections.Concurrent;
using System.Text.Json;

namespace Geohooks.Server.Tests.Durability;

/// <summary>A server process the burst may send changes to, while it is alive.</summary>
public sealed class Target(string name, int port, string token)
{
    private volatile bool _alive = true;

    public string Name { get; } = name;

    public string AddItemUrl { get; } = $"http://127.0.0.1:{port}/arcgis/sharing/rest/content/users/{DurabilityTests.Admin}/addItem";

    public string Token { get; } = token;

    public bool Alive => _alive;

    /// <summary>Changes sent to this target and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private int _inFlight;

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Stops handing new changes to this target (in-flight ones still finish or fail).</summary>
    public void MarkDead() => _alive = false;
}

/// <summary>
/// A burst of <see cref="Total"/> portal changes: each is one <c>addItem</c> with a unique title, sent with bounded
/// concurrency to whichever targets are alive. A change answered with success is acknowledged (committed); a change
/// whose call failed (its server was killed) may or may not have committed and is only counted.
/// </summary>
public sealed class Burst(int total, string prefix) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly ConcurrentDictionary<string, string> _acked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failed = new();
    private int _next = -1;
    private int _ackCount;

    public int Total { get; } = total;

    public string Prefix { get; } = prefix;

    /// <summary>Acknowledged changes: title → item id.</summary>
    public IReadOnlyDictionary<string, string> Acked => _acked;

    /// <summary>Titles whose call failed; the change may or may not exist.</summary>
    public IReadOnlyCollection<string> Failed => _failed;

    /// <summary>Changes handed out so far (acknowledged, failed or in flight).</summary>
    public int Issued => Math.Min(Volatile.Read(ref _next) + 1, Total);

    public bool Done => Issued >= Total;

    public int AckedCount => Volatile.Read(ref _ackCount);

    /// <summary>
    /// Sends changes from <paramref name="workers"/> loops until every change was handed out or no target is alive.
    /// Every call is bounded by the client timeout, so this ends.
    /// </summary>
    public Task RunAsync(IReadOnlyList<Target> targets, int workers) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(targets, w))));

    private async Task WorkAsync(IReadOnlyList<Target> targets, int worker)
    {
        for (var turn = worker; ; turn++)
        {
            var alive = targets.Where(t => t.Alive).ToArray();
            if (alive.Length == 0)
            {
                return;
            }

            var index = Interlocked.Increment(ref _next);
            if (index >= Total)
            {
                return;
            }

            var title = $"{Prefix}{index:D5}";
            var id = await AddItemAsync(alive[turn % alive.Length], title);
            if (id is null)
            {
                _failed.Enqueue(title);
                continue;
            }

            _acked[title] = id;
            Interlocked.Increment(ref _ackCount);
        }
    }

    private async Task<string?> AddItemAsync(Target target, string title)
    {
        target.Enter();
        try
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["title"] = title, ["type"] = "Web Map", ["f"] = "json", ["token"] = target.Token,
            });
            using var response = await _http.PostAsync(target.AddItemUrl, form);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return response.IsSuccessStatusCode && body.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.True
                ? body.GetProperty("id").GetString()
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            target.Leave();
        }
    }

    public void Dispose() => _http.Dispose();
}
