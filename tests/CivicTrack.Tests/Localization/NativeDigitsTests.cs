using System.Globalization;
using CivicTrack.Components;

namespace CivicTrack.Tests.Localization;

/// <summary>Digits stay Latin unless <c>Localization:NativeDigits</c> asks for the culture's own, and only a culture
/// with digits of its own changes.</summary>
public sealed class NativeDigitsTests
{
    private static readonly CultureInfo Bengali = CultureInfo.GetCultureInfo("bn-BD");

    [Fact]
    public void Bengali_numbers_are_written_in_bengali_digits_when_asked()
    {
        var text = 1234567.5.ToString("#,0.######", Bengali);
        var native = Display.Digits(text, Bengali, native: true);
        Assert.Matches("^[০-৯,.]+$", native);
        Assert.Equal(text.Length, native.Length);
        Assert.Equal("১২৩", Display.Digits("123", Bengali, native: true));
    }

    [Fact]
    public void Digits_stay_latin_by_default_and_in_latin_script_cultures()
    {
        Assert.Equal("1.234,5", Display.Digits("1.234,5", Bengali, native: false));
        Assert.Equal("1.234,5", Display.Digits("1.234,5", CultureInfo.GetCultureInfo("vi-VN"), native: true));
        Assert.Equal("31/12/2025", Display.Digits("31/12/2025", CultureInfo.GetCultureInfo("en-GB"), native: true));
    }

    [Fact]
    public void Only_digits_change()
    {
        Assert.Equal("৩৯,৫% — ২০২৫", Display.Digits("39,5% — 2025", Bengali, native: true));
        Assert.Equal("", Display.Digits("", Bengali, native: true));
    }
}
