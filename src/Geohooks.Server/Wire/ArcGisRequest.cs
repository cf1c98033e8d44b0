using Geohooks.Core.Portal;
using Microsoft.Extensions.Primitives;

namespace Geohooks.Server.Wire;

/// <summary>
/// One ArcGIS REST request: parameters merged from the query string and the form or multipart body (body wins),
/// the response format, and the caller behind the token. Every endpoint receives one.
/// </summary>
public sealed partial class ArcGisRequest
{
    private readonly Dictionary<string, string> _params;
    private readonly IFormFileCollection _files;
    private Caller? _caller;
    private bool _callerResolved;

    private ArcGisRequest(HttpContext http, Dictionary<string, string> parameters, IFormFileCollection files)
    {
        Http = http;
        _params = parameters;
        _files = files;
        Format = ArcGisFormat.Parse(Get("f"));
    }

    public HttpContext Http { get; }

    public ArcGisFormat Format { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The server's public base URL including the context path, e.g. http://127.0.0.1:5080/arcgis.</summary>
    public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}{Http.Request.PathBase}{Http.RequestServices.GetRequiredService<WireSettings>().PathBase}";

    public string PortalUrl => $"{BaseUrl}/sharing/rest";

    public bool IsPost => HttpMethods.IsPost(Http.Request.Method);

    /// <summary>Minimal API binding: reads and merges the parameters once per request.</summary>
    public static async ValueTask<ArcGisRequest> BindAsync(HttpContext http)
    {
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in http.Request.Query)
        {
            merged[key] = Join(value);
        }

        IFormFileCollection files = EmptyFiles.Instance;
        if (http.Request.HasFormContentType)
        {
            var form = await ReadFormAsync(http);
            foreach (var (key, value) in form)
            {
                merged[key] = Join(value);
            }

            files = form.Files;
        }

        // No store keeps NUL in text (PostgreSQL rejects it outright), and no ArcGIS parameter needs one.
        foreach (var (key, value) in merged)
        {
            if (key.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw Core.Errors.Errors.InvalidParameter(key.Replace("\0", "\\0", StringComparison.Ordinal), "must not contain NUL characters.");
            }
        }

        return new ArcGisRequest(http, merged, files);
    }

    /// <summary>The raw token text, from the parameters or an Authorization / X-Esri-Authorization bearer header.</summary>
    public string? TokenText =>
        Get("token") ?? Bearer(Http.Request.Headers["X-Esri-Authorization"]) ?? Bearer(Http.Request.Headers.Authorization);

    /// <summary>The caller, or null for an anonymous request. A token that is present but bad is a 498.</summary>
    public async Task<Caller?> CallerAsync()
    {
        if (!_callerResolved)
        {
            _caller = TokenText is { } token
                ? await Http.RequestServices.GetRequiredService<TokenService>().AuthenticateAsync(token, Aborted)
                : null;
            _callerResolved = true;
        }

        return _caller;
    }

    /// <summary>The caller; an anonymous request is a 499.</summary>
    public async Task<Caller> RequireCallerAsync() =>
        await CallerAsync() ?? throw Core.Errors.Errors.TokenRequired();

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw WireErrors.TooLarge(http);
        }
        catch (InvalidDataException e)
        {
            // Form limits (value or multipart length) and malformed multipart bodies both land here.
            throw e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? WireErrors.TooLarge(http)
                : Core.Errors.Errors.BadRequest("The request body is not a valid form or multipart body.");
        }
        catch (IOException)
        {
            throw Core.Errors.Errors.BadRequest("The request body could not be read.");
        }
    }

    private static string Join(StringValues values) => values.Count == 1 ? values[0] ?? "" : string.Join(',', values.ToArray());

    private static string? Bearer(StringValues header)
    {
        var value = header.ToString();
        const string Prefix = "Bearer ";
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && value.Length > Prefix.Length
            ? value[Prefix.Length..].Trim()
            : null;
    }

    private sealed class EmptyFiles : List<IFormFile>, IFormFileCollection
    {
        public static readonly EmptyFiles Instance = [];

        public IFormFile? this[string name] => null;

        public IFormFile? GetFile(string name) => null;

        public IReadOnlyList<IFormFile> GetFiles(string name) => [];
    }
}
