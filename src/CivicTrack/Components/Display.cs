using System.Globalization;

namespace CivicTrack.Components;

/// <summary>Dates and numbers the way the reader's culture writes them (vi-VN: 01/07/2025, 1.234). Digits stay Latin
/// unless <c>Localization:NativeDigits</c> is on, when a culture with digits of its own (Bengali ০–৯) uses them.</summary>
public static class Display
{
    public static string Date(DateOnly? day) => day is { } d ? Digits(d.ToString("d", CultureInfo.CurrentCulture)) : "";

    public static string Number(int n) => Digits(n.ToString("N0", CultureInfo.CurrentCulture));

    /// <summary>Any number as a person reads it: grouped thousands, up to six decimals (vi-VN: 1.234,5).</summary>
    public static string Number(double n) => Digits(n.ToString("#,0.######", CultureInfo.CurrentCulture));

    /// <summary>A percentage with at most one decimal (vi-VN: 39,5%), or a dash when there is none.</summary>
    public static string Percent(double? percent) =>
        percent is { } p && double.IsFinite(p) ? Digits(p.ToString("0.#", CultureInfo.CurrentCulture)) + "%" : "—";

    /// <summary>Text with its Latin digits in the reader's own digits, when the setting asks for them.</summary>
    public static string Digits(string text) => Digits(text, CultureInfo.CurrentCulture, Localization.NativeDigits);

    /// <summary>Text with its Latin digits 0–9 replaced by the culture's native digits when <paramref name="native"/>
    /// is true and the culture has digits of its own; otherwise the text unchanged.</summary>
    public static string Digits(string text, CultureInfo culture, bool native)
    {
        if (!native) return text;
        var digits = culture.NumberFormat.NativeDigits;
        if (digits.Length != 10 || digits[0] == "0" || digits.Any(d => d.Length != 1)) return text;
        return string.Create(text.Length, (text, digits), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = c is >= '0' and <= '9' ? state.digits[c - '0'][0] : c;
            }
        });
    }

    /// <summary>A bar width in CSS, kept within 0–100%.</summary>
    public static string BarWidth(double? percent) =>
        (percent is { } p && double.IsFinite(p) ? Math.Clamp(p, 0, 100) : 0).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A month as the reader's culture names it: "10/2025" in Vietnamese (as official documents write it),
    /// "October 2025" in English, "অক্টোবর 2025" in Bengali.</summary>
    public static string MonthYear(DateOnly month) => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "vi"
        ? month.ToString("MM/yyyy", CultureInfo.InvariantCulture)
        : Digits(month.ToString("MMMM yyyy", CultureInfo.CurrentCulture));

    /// <summary>The culture's short date pattern in lower case ("dd/mm/yyyy"), as a typing hint for date fields.</summary>
    public static string DatePattern => CultureInfo.CurrentCulture.DateTimeFormat.ShortDatePattern.ToLowerInvariant();
}
