using System.Globalization;
using System.Text;

namespace CivicTrack.Engine.Text;

/// <summary>Folds Vietnamese text for search: no diacritics, lower case, single spaces ("Thượng Tân" → "thuong tan").</summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            // Đ/đ is a letter of its own, not d with a combining mark, so FormD leaves it alone.
            var c = ch switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(ch) };
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True when every word of the folded query occurs in the folded text.</summary>
    public static bool MatchesFolded(string foldedText, string foldedQuery)
    {
        if (foldedQuery.Length == 0) return true;
        if (foldedText.Contains(foldedQuery, StringComparison.Ordinal)) return true;
        foreach (var word in foldedQuery.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (!foldedText.Contains(word, StringComparison.Ordinal)) return false;
        return true;
    }
}
