namespace Geohooks.Core.Errors;

/// <summary>
/// A failure that reaches the client as the ArcGIS error envelope
/// <c>{"error":{"code","messageCode","message","details"}}</c>. The domain throws it; the wire layer renders it.
/// </summary>
public sealed class ArcGisException : Exception
{
    public ArcGisException(int code, string message, IReadOnlyList<string>? details = null, string? messageCode = null)
        : base(message)
    {
        Code = code;
        Details = details ?? [];
        MessageCode = messageCode;
    }

    public ArcGisException()
        : this(500, "Unable to complete operation.")
    {
    }

    public ArcGisException(string message)
        : this(400, message)
    {
    }

    public ArcGisException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Details = [];
    }

    public int Code { get; }

    public IReadOnlyList<string> Details { get; }

    public string? MessageCode { get; }
}
