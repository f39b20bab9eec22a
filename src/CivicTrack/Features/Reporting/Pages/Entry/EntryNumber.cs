using System.Globalization;

namespace CivicTrack.Features.Reporting.Pages.Entry;

/// <summary>Numbers as a person types and reads them in a report cell, in the reader's culture (vi: 1.234,5; en: 1,234.5).</summary>
public static class EntryNumber
{
    /// <summary>A stored value as the cell shows it, grouped and without trailing zeros.</summary>
    public static string Format(double? value) =>
        value is { } v ? v.ToString("#,0.##########", CultureInfo.CurrentCulture) : "";

    /// <summary>The number in <paramref name="text"/>, accepting the culture's separators and, where it cannot be a
    /// thousands group, the other decimal mark too (a Vietnamese reporter typing 12.5 means twelve and a half).</summary>
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        var s = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        if (s.Length == 0) return false;
        var format = CultureInfo.CurrentCulture.NumberFormat;
        var dec = format.NumberDecimalSeparator;
        var group = format.NumberGroupSeparator;
        if (s.Contains(group, StringComparison.Ordinal) && !s.Contains(dec, StringComparison.Ordinal) && !IsGrouped(s, group))
            s = s.Replace(group, dec, StringComparison.Ordinal);
        if (s.Contains(group, StringComparison.Ordinal) && !IsGrouped(s.Split(dec)[0], group)) return false;
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, format, out value)
            && double.IsFinite(value);
    }

    /// <summary>Whether the separators in <paramref name="s"/> split it into thousands groups (1.234.567).</summary>
    private static bool IsGrouped(string s, string group)
    {
        var parts = s.TrimStart('-', '+').Split(group);
        return parts.Length > 1 && parts[0].Length is >= 1 and <= 3 && parts.Skip(1).All(p => p.Length == 3 && p.All(char.IsAsciiDigit));
    }
}
