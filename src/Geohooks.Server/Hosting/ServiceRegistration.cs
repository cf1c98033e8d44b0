using Geohooks.Core.Delivery;
using Geohooks.Core.Geoprocessing;
using Geohooks.Core.Geoprocessing.Tools;
using Geohooks.Core.Portal;
using Geohooks.Core.Webhooks;
using Geohooks.Server.Api.Features;
using Geohooks.Server.Api.Geoprocessing;
using Geohooks.Server.Api.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Geohooks.Core.Storage;
using Geohooks.Server.Api.Portal;
using Geohooks.Server.Wire;
using Geohooks.Storage.Postgres;
using Geohooks.Storage.Sqlite;
using Microsoft.AspNetCore.Http.Features;

namespace Geohooks.Server.Hosting;

/// <summary>The server's concerns, one extension each, in the order Program reads them.</summary>
public static class ServiceRegistration
{
    /// <summary>appsettings.json, then GEOHOOKS_* environment variables, then the documented command-line flags.</summary>
    public static void AddGeohooksConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var environment = builder.Environment.EnvironmentName;
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables("GEOHOOKS_")
            .AddCommandLine(args, CommandLine.Switches.ToDictionary());
    }

    public static void AddArcGisWire(this WebApplicationBuilder builder, GeohooksOptions options)
    {
        var limit = (long)options.MaxRequestBodyMb * 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limit);
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = limit;
            f.ValueLengthLimit = (int)Math.Min(limit, int.MaxValue);
        });
        builder.Services.AddSingleton(new WireSettings(options.PathBase, limit));
    }

    public static void AddGeohooksStorage(this IServiceCollection services, GeohooksOptions options)
    {
        services.AddSingleton<IStore>(sp => options.Postgres is { } connectionString
            ? new PostgresStore(connectionString, sp.GetRequiredService<ILoggerFactory>())
            : new SqliteStore(Path.GetFullPath(options.Data), sp.GetRequiredService<ILoggerFactory>()));
    }

    public static void AddPortal(this IServiceCollection services, GeohooksOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<PortalOptions>(p => p.MaxTokenLifetime = TimeSpan.FromMinutes(options.MaxTokenMinutes));
        services.AddSingleton<TokenService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<ItemService>();
        services.AddSingleton<PortalBootstrap>();
        services.AddSingleton<PortalDirectory>();
        services.AddSingleton<Core.Features.FeatureServices>();
        services.AddSingleton<Core.Features.Editing.FeatureEditor>();
        services.AddSingleton(new Core.Features.Querying.FeatureQueryOptions(options.WhereCaseSensitive));
        services.AddSingleton<Core.Features.Querying.FeatureQueries>();
        services.AddSingleton<FeatureQueryApi.Resolver>();
        services.AddSingleton<Core.Features.Changes.ChangeExtractor>();
        services.AddSingleton<Core.Features.Changes.ChangeJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<Core.Features.Changes.ChangeJobs>());
    }

    /// <summary>The built-in geoprocessing services and the runner of their jobs.</summary>
    public static void AddGeoprocessing(this IServiceCollection services, GeohooksOptions options)
    {
        services.Configure<GpOptions>(g => g.MaxConcurrency = options.GpConcurrency);
        services.AddSingleton(sp => BuiltInGpServices.Create(sp.GetRequiredService<Core.Features.Querying.FeatureQueries>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GpJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<GpJobRunner>());
        services.AddSingleton<GpJobs>();
    }

    /// <summary>The delivery engine, organization webhooks and service webhooks.</summary>
    public static void AddDelivery(this IServiceCollection services, GeohooksOptions options)
    {
        services.Configure<DeliveryOptions>(d =>
        {
            d.MaxConcurrency = options.DeliveryConcurrency;
            d.LeaseDuration = TimeSpan.FromSeconds(options.LeaseSeconds);
            d.Retention = TimeSpan.FromDays(options.LogRetentionDays);
            d.MinScheduleInterval = TimeSpan.FromSeconds(options.MinScheduleInterval);
            d.MaxServiceWebhooks = options.MaxServiceWebhooks;
            d.CrcInterval = TimeSpan.FromHours(options.CrcIntervalHours);
            d.FullPayloadLimitBytes = options.FullPayloadLimitKb * 1024;
            foreach (var entry in options.HookAllowList)
            {
                d.AllowedHosts.Add(entry);
            }
        });
        services.AddSingleton<IPortalAddress>(sp => new ServerAddress(sp.GetRequiredService<IServer>(), options));
        services.AddSingleton(sp => new EgressPolicy(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.AllowedHosts));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<Core.Webhooks.Services.ServicePayloadBuilder>();
        services.AddSingleton<Core.Webhooks.Services.ServiceEventRouter>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<BatchScheduler>();
        services.AddSingleton<CrcMonitor>();
        services.AddSingleton<DeliveryWorker>();
        services.AddSingleton<LogPruner>();
        services.AddHostedService<DeliveryEngine>();
        services.AddSingleton<OrgWebhookService>();
        services.AddSingleton<Core.Webhooks.Services.ServiceWebhookService>();
    }

    public static void UseArcGisWire(this WebApplication app) => app.UseMiddleware<ArcGisErrorMiddleware>();

    /// <summary>Every portal resource family under the context path; unknown paths get the ArcGIS envelope.</summary>
    public static void MapPortal(this WebApplication app, string pathBase)
    {
        var root = app.MapGroup(pathBase);
        root.MapInfo();
        root.MapPortals();
        root.MapUsers();
        root.MapGroups();
        root.MapItems();
        root.MapContent();
        root.MapOrgWebhooks();
        root.MapServerWebhooks();
        root.MapOnlineWebhooks();
        root.MapFeatureServices();
        root.MapFeatureAdmin();
        root.MapFeatureQuery();
        root.MapFeatureEdits();
        root.MapFeatureAttachments();
        root.MapFeatureChanges();
        root.MapGpServices();
        root.MapGpJobs();
        app.MapFallback((HttpContext http) => ErrorEnvelope.WriteAsync(http, WireErrors.UnknownResource(http.Request.Path)));
    }
}
