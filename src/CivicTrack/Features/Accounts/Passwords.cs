using System.Security.Cryptography;

namespace CivicTrack.Features.Accounts;

/// <summary>Initial passwords an administrator hands over, and the demo accounts' password: readable (no 0/O, 1/l) and well above the password policy.</summary>
public static class Passwords
{
    public static string Generate(int length = 16)
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[Math.Max(length, 12)];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

/// <summary>Makes a refused sign-in of an unknown, disabled or locked account cost what a wrong password costs.</summary>
public static class SignInTiming
{
    private static readonly AppUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static string? _hash;

    public static void SpendPasswordCheck(Microsoft.AspNetCore.Identity.UserManager<AppUser> users, string? password)
    {
        var hash = _hash ??= users.PasswordHasher.HashPassword(Nobody, Passwords.Generate());
        users.PasswordHasher.VerifyHashedPassword(Nobody, hash, password ?? "");
    }
}
