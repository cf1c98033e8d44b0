using System.Diagnostics;

namespace Geohooks.Testing;

/// <summary>Runs a command to completion and fails loudly with its output.</summary>
internal static class ProcessRunner
{
    /// <summary>PostgreSQL refuses to run as root, so privileged test runs switch to the postgres OS user.</summary>
    public static bool AsRoot => Environment.IsPrivilegedProcess || Environment.UserName == "root";

    public static ProcessStartInfo Plain(string program, IEnumerable<string> arguments) =>
        new(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

    public static ProcessStartInfo AsPostgres(string program, IEnumerable<string> arguments)
    {
        var info = Plain(AsRoot ? "runuser" : program, []);
        if (AsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    public static async Task RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{info.FileName} {string.Join(' ', info.ArgumentList)}' exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    public static void Run(ProcessStartInfo info)
    {
        using var process = Process.Start(info);
        if (process is null)
        {
            return;
        }

        process.StandardInput.Close();
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }
}
