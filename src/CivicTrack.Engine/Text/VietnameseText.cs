using System.Globalization;
using System.Text;

namespace CivicTrack.Engine.Text;

/// <summary>Folds Vietnamese text for search: no diacritics, lower case, single spaces ("Thượng Tân" → "thuong tan").</summary>
public static class VietnameseText
{
    /// <summary>The text folded for search: diacritics removed (đ becomes d), lower case, whitespace runs as one space, ends trimmed; "" for blank text.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = Sanitize(text).Normalize(NormalizationForm.FormD);
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

    /// <summary>Composed (NFC) form of text that may hold unpaired surrogates or noncharacters, which
    /// <see cref="string.Normalize()"/> refuses: those become U+FFFD instead of an exception.</summary>
    public static string NormalizeSafe(string text) => Sanitize(text).Normalize(NormalizationForm.FormC);

    private static string Sanitize(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = c is '\uFFFE' or '\uFFFF'
                || char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                || char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
            if (!bad) continue;
            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? text : new string(copy);
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
