using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Geohooks.Server.Tests.Infrastructure;

/// <summary>
/// The receiver side of the tests: a quiet Kestrel app on a free loopback port that hands every GET (the creation
/// probe, the CRC check) to <paramref name="onGet"/> (by default an empty 200) and every POST, with its exact body
/// bytes, to <paramref name="onPost"/>.
/// </summary>
public static class LoopbackApp
{
    public static async Task<WebApplication> StartAsync(Func<HttpContext, byte[], Task> onPost, Func<HttpContext, Task>? onGet = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/{**path}", (HttpContext http) => onGet is null ? Task.CompletedTask : onGet(http));
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            await onPost(http, buffer.ToArray());
        });
        await app.StartAsync();
        return app;
    }
}
