namespace Geohooks.Server.Hosting;

/// <summary>
/// The documented flags, mapped onto configuration keys. Anything else that looks like a flag is refused at start,
/// so a typo such as <c>--dat</c> fails loudly instead of being ignored.
/// </summary>
public static class CommandLine
{
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--urls"] = "Urls",
        ["--path-base"] = "PathBase",
        ["--data"] = "Data",
        ["--postgres"] = "Postgres",
        ["--admin-user"] = "AdminUser",
        ["--admin-password"] = "AdminPassword",
        ["--org-name"] = "OrgName",
        ["--max-body-mb"] = "MaxRequestBodyMb",
        ["--max-token-minutes"] = "MaxTokenMinutes",
        ["--hook-allow"] = "HookAllow",
        ["--public-url"] = "PublicUrl",
        ["--delivery-concurrency"] = "DeliveryConcurrency",
        ["--lease-seconds"] = "LeaseSeconds",
        ["--gp-concurrency"] = "GpConcurrency",
        ["--log-retention-days"] = "LogRetentionDays",
        ["--where-case-sensitive"] = "WhereCaseSensitive",
        ["--min-schedule-interval"] = "MinScheduleInterval",
        ["--max-service-webhooks"] = "MaxServiceWebhooks",
        ["--crc-interval-hours"] = "CrcIntervalHours",
        ["--full-payload-limit-kb"] = "FullPayloadLimitKb",
        ["--environment"] = "Environment",
    };

    /// <summary>Problems with the arguments themselves: unknown flags and flags without a value.</summary>
    public static IReadOnlyList<string> Problems(string[] args)
    {
        var problems = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i].Split('=', 2)[0];
            if (!flag.StartsWith("--", StringComparison.Ordinal) && !flag.StartsWith('/'))
            {
                problems.Add($"'{args[i]}': unexpected argument.");
                continue;
            }

            if (!Switches.ContainsKey(flag) && !flag.Contains(':', StringComparison.Ordinal))
            {
                problems.Add($"{flag}: unknown option. Known: {string.Join(", ", Switches.Keys)}.");
            }

            if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problems.Add($"{flag}: needs a value.");
                }
                else
                {
                    i++;
                }
            }
        }

        return problems;
    }
}
