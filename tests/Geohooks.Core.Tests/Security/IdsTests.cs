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
}
