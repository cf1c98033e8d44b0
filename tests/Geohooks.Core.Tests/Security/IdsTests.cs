using Geohooks.Core.Security;

namespace Geohooks.Core.Tests.Security;

public sealed class IdsTests
{
    /// <summary>
    /// A first start once crashed because the generated password had no digit (about one draw in 33). Twenty thousand
    /// draws would meet that case several hundred times.
    /// </summary>
    [Fact]
    public void Generated_passwords_always_pass_the_password_rules()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var password = Ids.NewPassword();
            Assert.Null(Passwords.Weakness(password));
            Assert.Equal(20, password.Length);
            Assert.True(password.All(char.IsAsciiLetterOrDigit), password);
            seen.Add(password);
        }

        Assert.Equal(20_000, seen.Count);
    }

    /// <summary>Ids draw from a per-thread buffer of random bytes: across many refills, on several threads, none repeats.</summary>
    [Fact]
    public async Task Ids_stay_unique_and_well_formed_across_buffer_refills_and_threads()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(i => i % 2 == 0 ? Ids.NewId() : Ids.NewTimeOrderedId(1_700_000_000_000)).ToList())));
        var all = batches.SelectMany(b => b).ToList();
        Assert.All(all, id => Assert.True(Ids.IsId(id), id));
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        // Time-ordered ids lead with the time: 1_700_000_000_000 << 16, big-endian, is 018bcfe56800.
        Assert.All(batches[0].Where((_, i) => i % 2 == 1), id => Assert.StartsWith("018bcfe56800", id, StringComparison.Ordinal));
    }
}
