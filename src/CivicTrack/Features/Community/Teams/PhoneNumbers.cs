namespace CivicTrack.Features.Community.Teams;

/// <summary>Team members' phone numbers: what is accepted, how it is stored, and how it is shown where it may not be read.</summary>
public static class PhoneNumbers
{
    public const char MaskChar = '•';

    /// <summary>A Vietnamese mobile number: ten digits starting 0 then 3, 5, 7, 8 or 9, or the same after +84 instead of the 0.
    /// Spaces, dots, dashes and brackets between digits are dropped. Null when the text is not such a number.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 30) return null;
        Span<char> kept = stackalloc char[text.Length];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '.' or '-' or '(' or ')') continue;
            if (c == '+' && n == 0) { kept[n++] = c; continue; }
            if (!char.IsAsciiDigit(c)) return null;
            kept[n++] = c;
        }
        var s = new string(kept[..n]);
        var national = s.StartsWith("+84", StringComparison.Ordinal) ? s[3..] : s.StartsWith('0') ? s[1..] : null;
        if (national is not { Length: 9 } || national[0] is not ('3' or '5' or '7' or '8' or '9') || !national.All(char.IsAsciiDigit)) return null;
        return s;
    }

    /// <summary>The number with all but its first two and last three characters hidden: <c>09•••••678</c>.</summary>
    public static string Mask(string? phone) =>
        phone is null ? "" : phone.Length <= 5 ? new string(MaskChar, phone.Length) : phone[..2] + new string(MaskChar, phone.Length - 5) + phone[^3..];
}
