using Geohooks.Core.Portal;
using Microsoft.AspNetCore.Identity;

namespace Geohooks.Core.Security;

/// <summary>Password hashing through ASP.NET Core Identity's hasher (PBKDF2, versioned format); no hand-rolled crypto.</summary>
public static class Passwords
{
    public const int MinLength = 8;

    private static readonly PasswordHasher<User> Hasher = new();

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(User user, string password) =>
        user.PasswordHash is { } hash && Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Null when acceptable, else the reason.</summary>
    public static string? Weakness(string password) =>
        password.Length < MinLength ? $"The password must be at least {MinLength} characters long." :
        !password.Any(char.IsLetter) || !password.Any(char.IsDigit) ? "The password must contain at least one letter and one number." :
        null;
}
