using Geohooks.Core.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Geohooks.Server.Hosting;

/// <summary>Checks every option and reports all problems at once, each naming its option.</summary>
public sealed class GeohooksOptionsValidator : IValidateOptions<GeohooksOptions>
{
    public ValidateOptionsResult Validate(string? name, GeohooksOptions options)
    {
        var failures = new List<string>();
        if (!options.PathBase.StartsWith('/') || options.PathBase.EndsWith('/') || options.PathBase.Contains("//", StringComparison.Ordinal))
        {
            failures.Add($"PathBase (--path-base): '{options.PathBase}' must start with '/' and not end with '/', e.g. /arcgis.");
        }

        if (string.IsNullOrWhiteSpace(options.Data) || options.Data.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add("Data (--data): must be a folder path.");
        }

        if (options.Postgres is { } postgres && !IsConnectionString(postgres))
        {
            failures.Add("Postgres (--postgres): not a valid PostgreSQL connection string, e.g. \"Host=127.0.0.1;Port=5432;Database=geohooks;Username=geohooks;Password=...\".");
        }

        if (options.AdminUser is { } user && (user.Length is < 3 or > 128 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '-')))
        {
            failures.Add("AdminUser (--admin-user): must be 3 to 128 characters: letters, digits, '_', '.', '@' or '-'.");
        }

        if (options.AdminPassword is { } password && Passwords.Weakness(password) is { } weak)
        {
            failures.Add($"AdminPassword (--admin-password): {weak}");
        }

        Range(failures, "MaxRequestBodyMb (--max-body-mb)", options.MaxRequestBodyMb, 1, 2048);
        Range(failures, "MaxTokenMinutes (--max-token-minutes)", options.MaxTokenMinutes, 5, 525600);

        foreach (var entry in options.HookAllowList)
        {
            if (!Core.Delivery.EgressPolicy.TryParseRange(entry, out _) && Uri.CheckHostName(entry) != UriHostNameType.Dns)
            {
                failures.Add($"HookAllow (--hook-allow): '{entry}' is neither a host name nor an address or CIDR range.");
            }
        }

        if (options.PublicUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            failures.Add($"PublicUrl (--public-url): '{url}' must be an absolute http or https URL.");
        }

        Range(failures, "DeliveryConcurrency (--delivery-concurrency)", options.DeliveryConcurrency, 1, 1024);
        Range(failures, "MinScheduleInterval (--min-schedule-interval)", options.MinScheduleInterval, 0, 86400);
        Range(failures, "MaxServiceWebhooks (--max-service-webhooks)", options.MaxServiceWebhooks, 1, 1000);
        Range(failures, "CrcIntervalHours (--crc-interval-hours)", options.CrcIntervalHours, 1, 24 * 365);
        Range(failures, "FullPayloadLimitKb (--full-payload-limit-kb)", options.FullPayloadLimitKb, 1, 64 * 1024);
        Range(failures, "GpConcurrency (--gp-concurrency)", options.GpConcurrency, 1, 64);
        Range(failures, "LeaseSeconds (--lease-seconds)", options.LeaseSeconds, 5, 3600);
        Range(failures, "LogRetentionDays (--log-retention-days)", options.LogRetentionDays, 1, 3650);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsConnectionString(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            return !string.IsNullOrEmpty(builder.Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Range(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name}: {value} is outside {min}..{max}.");
        }
    }
}
