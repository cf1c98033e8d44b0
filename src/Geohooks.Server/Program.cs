using Geohooks.Server.Hosting;

var app = GeohooksHost.Create(args, Console.Error);
if (app is null || !await GeohooksHost.InitializeAsync(app, Console.Out, CancellationToken.None))
{
    return 2;
}

await app.RunAsync();
return 0;
