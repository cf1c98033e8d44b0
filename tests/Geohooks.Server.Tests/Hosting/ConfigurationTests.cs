using Geohooks.Server.Hosting;

namespace Geohooks.Server.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void Every_bad_option_is_named_in_one_message()
    {
        var errors = new StringWriter();
        var app = GeohooksHost.Create(
            ["--path-base", "arcgis/", "--postgres", "this is not a connection string", "--admin-password", "short", "--max-body-mb", "0", "--nonsense", "1"],
            errors);

        Assert.Null(app);
        var message = errors.ToString();
        Assert.StartsWith("Geohooks cannot start", message, StringComparison.Ordinal);
        foreach (var option in new[] { "--path-base", "--postgres", "--admin-password", "--max-body-mb", "--nonsense" })
        {
            Assert.Contains(option, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_value_that_does_not_convert_is_reported()
    {
        var errors = new StringWriter();
        Assert.Null(GeohooksHost.Create(["--max-body-mb", "lots"], errors));
        Assert.Contains("MaxRequestBodyMb", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_without_a_value_is_reported()
    {
        var errors = new StringWriter();
        Assert.Null(GeohooksHost.Create(["--data"], errors));
        Assert.Contains("--data: needs a value", errors.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// Environment variables belong to the whole test process: a test that sets one runs alone, after the parallel
/// suites, or every server another test starts meanwhile would read it too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class EnvironmentConfigurationTests
{
    [Fact]
    public void Environment_variables_with_the_GEOHOOKS_prefix_are_read()
    {
        Environment.SetEnvironmentVariable("GEOHOOKS_MAXREQUESTBODYMB", "-3");
        try
        {
            var errors = new StringWriter();
            Assert.Null(GeohooksHost.Create([], errors));
            Assert.Contains("MaxRequestBodyMb (--max-body-mb): -3", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GEOHOOKS_MAXREQUESTBODYMB", null);
        }
    }
}
