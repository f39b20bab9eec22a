using System.Globalization;

namespace CivicTrack.Components;

/// <summary>Dates and numbers the way the reader's culture writes them (vi-VN: 01/07/2025, 1.234).</summary>
public static class Display
{
    public static string Date(DateOnly? day) => day?.ToString("d", CultureInfo.CurrentCulture) ?? "";

    public static string Number(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>Any number as a person reads it: grouped thousands, up to six decimals (vi-VN: 1.234,5).</summary>
    public static string Number(double n) => n.ToString("#,0.######", CultureInfo.CurrentCulture);

    /// <summary>A percentage with at most one decimal (vi-VN: 39,5%), or a dash when there is none.</summary>
    public static string Percent(double? percent) =>
        percent is { } p && double.IsFinite(p) ? p.ToString("0.#", CultureInfo.CurrentCulture) + "%" : "—";

    /// <summary>A bar width in CSS, kept within 0–100%.</summary>
    public static string BarWidth(double? percent) =>
        (percent is { } p && double.IsFinite(p) ? Math.Clamp(p, 0, 100) : 0).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A month as the reader's culture names it: "10/2025" in Vietnamese (as official documents write it),
    /// "October 2025" in English, "অক্টোবর 2025" in Bengali.</summary>
    public static string MonthYear(DateOnly month) => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "vi"
        ? month.ToString("MM/yyyy", CultureInfo.InvariantCulture)
        : month.ToString("MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>The culture's short date pattern in lower case ("dd/mm/yyyy"), as a typing hint for date fields.</summary>
    public static string DatePattern => CultureInfo.CurrentCulture.DateTimeFormat.ShortDatePattern.ToLowerInvariant();
}
