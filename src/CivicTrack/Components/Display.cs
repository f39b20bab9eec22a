using System.Globalization;

namespace CivicTrack.Components;

/// <summary>Dates and numbers the way the reader's culture writes them (vi-VN: 01/07/2025, 1.234).</summary>
public static class Display
{
    public static string Date(DateOnly? day) => day?.ToString("d", CultureInfo.CurrentCulture) ?? "";

    public static string Number(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>True when the UI speaks Vietnamese, for data that carries names in both languages.</summary>
    public static bool IsVietnamese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "vi";

    /// <summary>The culture's short date pattern in lower case ("dd/mm/yyyy"), as a typing hint for date fields.</summary>
    public static string DatePattern => CultureInfo.CurrentCulture.DateTimeFormat.ShortDatePattern.ToLowerInvariant();
}
