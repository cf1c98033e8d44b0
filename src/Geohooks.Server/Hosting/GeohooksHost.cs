using Geohooks.Core.Storage;
using Microsoft.Extensions.Options;

namespace Geohooks.Server.Hosting;

/// <summary>Builds the server from arguments: configuration, validation, services, endpoints.</summary>
public static class GeohooksHost
{
    /// <summary>The configured application, or null after writing every configuration problem to <paramref name="errors"/>.</summary>
    /// <param name="overrides">Lets tests replace services (a fake clock, a log sink) after the defaults are registered.</param>
    public static WebApplication? Create(string[] args, TextWriter errors, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddGeohooksConfiguration(args);
        var problems = CommandLine.Problems(args).ToList();
        var options = Bind(builder.Configuration, problems);
        if (problems.Count > 0)
        {
            errors.WriteLine("Geohooks cannot start; fix these options:");
            foreach (var problem in problems)
            {
                errors.WriteLine($"  - {problem}");
            }

            return null;
        }

        builder.Services.AddSingleton(Options.Create(options));
        builder.AddArcGisWire(options);
        builder.Services.AddGeohooksStorage(options);
        builder.Services.AddPortal(options);
        builder.Services.AddDelivery(options);
        builder.Services.AddGeoprocessing(options);
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseArcGisWire();
        app.MapPortal(options.PathBase);
        return app;
    }

    /// <summary>Migrates the store and creates the organization on first start. False when the store cannot be opened.</summary>
    public static async Task<bool> InitializeAsync(WebApplication app, TextWriter console, CancellationToken ct)
    {
        IStore store;
        try
        {
            store = app.Services.GetRequiredService<IStore>();
            await store.MigrateAsync(ct);
        }
        catch (StoreLockedException e)
        {
            await console.WriteLineAsync(e.Message);
            return false;
        }

        var options = app.Services.GetRequiredService<IOptions<GeohooksOptions>>().Value;
        var bootstrap = app.Services.GetRequiredService<Core.Portal.PortalBootstrap>();
        var result = await bootstrap.EnsureAsync(options.AdminUser, options.AdminPassword, options.OrgName, ct);
        if (result.CreatedAdmin is { } admin)
        {
            // Printed once, on the console only; never logged.
            await console.WriteLineAsync($"Geohooks created organization {result.Org.Id} with administrator '{admin}'.");
            if (result.GeneratedPassword is { } password)
            {
                await console.WriteLineAsync($"Generated password for '{admin}': {password}");
                await console.WriteLineAsync("It is shown this one time. Change it with community/users/<user>/update, or set --admin-password on a fresh data folder.");
            }
        }

        return true;
    }

    private static GeohooksOptions Bind(IConfiguration configuration, List<string> problems)
    {
        var options = new GeohooksOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            problems.Add(e.Message);
            return options;
        }

        var result = new GeohooksOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            problems.AddRange(result.Failures);
        }

        return options;
    }
}
