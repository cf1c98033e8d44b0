using System.Net;
using Geohooks.Core.Delivery;
using Geohooks.Core.Errors;

namespace Geohooks.Core.Tests.Delivery;

public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("224.0.0.1")]
    public void Internal_addresses_are_refused_by_default(string address) =>
        Assert.False(new EgressPolicy([]).IsAllowed("example.org", IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(new EgressPolicy([]).IsAllowed("example.org", IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_takes_hosts_addresses_and_ranges()
    {
        var policy = new EgressPolicy(["receiver.internal", "127.0.0.1", "10.0.0.0/8"]);
        Assert.True(policy.IsAllowed("receiver.internal", IPAddress.Parse("192.168.1.1")));
        Assert.True(policy.IsAllowed("x", IPAddress.Parse("127.0.0.1")));
        Assert.False(policy.IsAllowed("x", IPAddress.Parse("127.0.0.2")));
        Assert.True(policy.IsAllowed("x", IPAddress.Parse("10.200.3.4")));
        Assert.False(policy.IsAllowed("x", IPAddress.Parse("169.254.169.254")));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://localhost/")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("ftp://example.org/")]
    [InlineData("http://user:pass@example.org/")]
    public async Task Refused_urls_are_a_400_at_creation(string url)
    {
        var e = await Assert.ThrowsAsync<ArcGisException>(() => new EgressPolicy([]).CheckAsync(new Uri(url), CancellationToken.None));
        Assert.Equal(400, e.Code);
    }
}
