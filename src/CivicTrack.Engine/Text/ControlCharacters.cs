namespace CivicTrack.Engine.Text;

/// <summary>Control characters in text from files: none belongs in a name or a comment, and PostgreSQL refuses NUL.</summary>
public static class ControlCharacters
{
    /// <summary>The position of the first control character other than tab, line feed and carriage return; -1 when none.</summary>
    public static int Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return -1;
        for (var i = 0; i < text.Length; i++)
            if (text[i] is < ' ' and not ('\t' or '\n' or '\r') or '\u007F') return i;
        return -1;
    }

    /// <summary>True when a one-line name holds any control character, tabs and line breaks included.</summary>
    public static bool InName(string? text) => text is not null && text.Any(char.IsControl);

    /// <summary>True when the text holds a lone UTF-16 surrogate (JSON can escape one, <c>\uD800</c>), which can be neither stored
    /// nor written back as UTF-8.</summary>
    public static bool LoneSurrogate(string? text)
    {
        if (text is null) return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }
}
