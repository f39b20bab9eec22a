using CivicTrack.Features.Community.Teams;

namespace CivicTrack.Tests.Community;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("0912345678", "0912345678")]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("091.234.5678", "0912345678")]
    [InlineData("(035) 678-9012", "0356789012")]
    [InlineData("+84 912 345 678", "+84912345678")]
    [InlineData("+84912345678", "+84912345678")]
    public void A_Vietnamese_mobile_number_is_kept_without_separators(string text, string stored) =>
        Assert.Equal(stored, PhoneNumbers.Normalise(text));

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("091234567")]      // nine digits
    [InlineData("09123456789")]    // eleven
    [InlineData("0212345678")]     // a landline prefix
    [InlineData("+8491234567")]    // too short after +84
    [InlineData("+1 912 345 678")]
    [InlineData("0912a45678")]
    [InlineData("09123+45678")]
    public void Anything_else_is_refused(string text) => Assert.Null(PhoneNumbers.Normalise(text));

    [Theory]
    [InlineData("0912345678", "09•••••678")]
    [InlineData("+84912345678", "+8•••••••678")]
    public void A_masked_number_keeps_its_first_two_and_last_three_characters(string phone, string masked) =>
        Assert.Equal(masked, PhoneNumbers.Mask(phone));
}
