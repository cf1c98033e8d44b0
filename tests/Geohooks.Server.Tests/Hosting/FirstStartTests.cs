using System.Text.Json;
using System.Text.RegularExpressions;
using Geohooks.Testing;

namespace Geohooks.Server.Tests.Hosting;

/// <summary>The server as a user runs it: a real process, a real data folder, real restarts.</summary>
public sealed partial class FirstStartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task First_start_prints_a_generated_password_once_and_a_second_process_is_refused()
    {
        using var data = new TempDirectory("geohooks-first-start");
        string password;
        await using (var first = ServerProcess.Start("--data", data.Path))
        {
            Assert.True(await first.WaitForAsync("Now listening", StartTimeout), first.Output);
            password = GeneratedPassword().Match(first.Output).Groups[1].Value;
            Assert.Equal(20, password.Length);
            await AssertTokenAsync(first.Port, "admin", password);

            await using var second = ServerProcess.Start("--data", data.Path);
            Assert.Equal(2, await second.WaitForExitAsync(StartTimeout));
            Assert.Contains("in use by another Geohooks process", second.Output, StringComparison.Ordinal);
        }

        await using var again = ServerProcess.Start("--data", data.Path);
        Assert.True(await again.WaitForAsync("Now listening", StartTimeout), again.Output);
        Assert.DoesNotContain("Generated password", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, again.Output, StringComparison.Ordinal);
        await AssertTokenAsync(again.Port, "admin", password);
    }

    [Fact]
    public async Task Configured_admin_credentials_are_used_and_never_printed()
    {
        using var data = new TempDirectory("geohooks-first-start");
        await using var server = ServerProcess.Start("--data", data.Path, "--admin-user", "gisadmin", "--admin-password", "Chosen-pass-42");
        Assert.True(await server.WaitForAsync("Now listening", StartTimeout), server.Output);
        Assert.Contains("administrator 'gisadmin'", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Chosen-pass-42", server.Output, StringComparison.Ordinal);
        await AssertTokenAsync(server.Port, "gisadmin", "Chosen-pass-42");
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_start_with_exit_code_2()
    {
        await using var server = ServerProcess.Start("--data", "/tmp/x", "--max-body-mb", "0", "--path-base", "nope");
        Assert.Equal(2, await server.WaitForExitAsync(StartTimeout));
        Assert.Contains("--max-body-mb", server.Output, StringComparison.Ordinal);
        Assert.Contains("--path-base", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    private static async Task AssertTokenAsync(int port, string username, string password)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = password, ["f"] = "json" });
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/arcgis/sharing/rest/generateToken", form);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.TryGetProperty("token", out _), body.ToString());
    }

    [GeneratedRegex("Generated password for 'admin': (\\S+)")]
    private static partial Regex GeneratedPassword();
}
